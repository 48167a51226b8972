using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Backfill;

/// <summary>A backfill's phase tells the truth: failures make it BackfillIncomplete (no cutover), all failed or a server-side task that did not finish is a terminating error.</summary>
public sealed class BackfillOutcomeTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public BackfillOutcomeTests(EngineFixture fixture) => _fixture = fixture;

    private MigrationEngine Engine => _fixture.Engine;

    /// <summary>A re-embedding migration (hashing, 4 dims) of the title field; or a copy when <paramref name="textField"/> is null.</summary>
    private async Task<(string Alias, VectorMigration Migration)> ShadowAsync(string stem, int documents, string? textField, JsonObject? mapping = null, JsonObject? sourceMapping = null)
    {
        var alias = await _fixture.LiveAliasAsync(stem, documents, Dims);
        if (sourceMapping != null) await _fixture.Seed.SendAsync(HttpMethod.Put, $"/{alias}-v1/_mapping", sourceMapping.ToJsonString());
        var options = textField == null
            ? new ShadowIndexOptions { Alias = alias, Mapping = mapping }
            : new ShadowIndexOptions { Alias = alias, TextField = textField, Dimensions = 4, Embedder = VectorEmbedder.Hashing(4).Descriptor, Mapping = mapping };
        var plan = await Engine.PlanAsync(options, MigrationObserver.None, default);
        return (alias, await Engine.CreateShadowAsync(plan, MigrationObserver.None, default));
    }

    private Task<VectorMigration> BackfillAsync(VectorMigration migration, RecordingObserver observer, bool serverSide = false, double maxDocsPerSecond = 0) =>
        Engine.BackfillAsync(new BackfillStageOptions(migration)
        {
            Embedder = migration.IsCopy ? null : VectorEmbedder.Hashing(4),
            ServerSide = serverSide,
            Backfill = new BackfillOptions { Slices = 2, BatchSize = 50, MaxDocsPerSecond = maxDocsPerSecond },
        }, observer, default);

    [Fact]
    public async Task Backfill_WithSomeFailedDocuments_IsBackfillIncompleteWithFailureKinds_AndTheCutoverIsRefusedUntilADeltaCopiesThem()
    {
        var (alias, created) = await ShadowAsync("incomplete", 100, "title");
        for (var n = 0; n < 3; n++)
            await _fixture.Seed.SendAsync(HttpMethod.Put, $"/{alias}-v1/_doc/untitled-{n}?refresh=true", $$"""{ "price": {{n}}, "embedding": [1, 0, 0, 0, 0, 0, 0, 0] }""");
        var observer = new RecordingObserver();

        var backfilled = await BackfillAsync(created, observer);

        Assert.Equal(MigrationPhase.BackfillIncomplete, backfilled.Phase);
        Assert.Equal(100L, backfilled.Backfill!.Copied);
        Assert.Equal(3L, backfilled.Backfill.Failed);
        Assert.Equal(new Dictionary<string, long> { [MigrationErrorCodes.TextFieldMissing] = 3 }, backfilled.Backfill.FailureKinds);
        Assert.Contains("3 failed (TextFieldMissing 3)", backfilled.Backfill.ToString());
        Assert.Equal(MigrationPhase.BackfillIncomplete, (await Engine.FindInFlightAsync(alias, MigrationObserver.None, default))!.Phase);
        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => Engine.CutOverAsync(new CutoverOptions(backfilled) { Force = true }, MigrationObserver.None, default));
        Assert.Equal(MigrationErrorCodes.BackfillIncomplete, refused.ErrorId);
        Assert.Equal(alias + "-v1", Assert.Single(await _fixture.Seed.AliasAsync(alias)).Key);

        for (var n = 0; n < 3; n++)
            await _fixture.Seed.SendAsync(HttpMethod.Post, $"/{alias}-v1/_update/untitled-{n}?refresh=true", """{ "doc": { "title": "now with a title" } }""");
        var synced = await Engine.SyncDeltaAsync(new DeltaStageOptions(backfilled) { Embedder = VectorEmbedder.Hashing(4) }, new RecordingObserver(), default);
        var cutOver = await Engine.CutOverAsync(new CutoverOptions(synced), MigrationObserver.None, default);

        Assert.Equal(MigrationPhase.CutOver, cutOver.Phase);
        Assert.Equal(103L, await _fixture.Seed.CountAsync(alias + "-v2"));
    }

    [Fact]
    public async Task Backfill_WhereEveryDocumentFails_IsTerminatingBackfillFailed_AndRecordedIncomplete()
    {
        // A text field the mapping has but no document fills: each document fails on its own.
        var (alias, created) = await ShadowAsync("allfail", 60, "summary", sourceMapping: JsonNode.Parse("""{ "properties": { "summary": { "type": "text" } } }""")!.AsObject());

        var failed = await Assert.ThrowsAsync<VectorMigrationException>(() => BackfillAsync(created, new RecordingObserver()));

        Assert.Equal(MigrationErrorCodes.BackfillFailed, failed.ErrorId);
        Assert.Contains("all 60 failed (TextFieldMissing 60)", failed.Message);
        var recorded = await Engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(MigrationPhase.BackfillIncomplete, recorded!.Phase);
        Assert.Equal(60L, recorded.Backfill!.FailureKinds![MigrationErrorCodes.TextFieldMissing]);
    }

    [Fact]
    public async Task ServerSide_TaskEndingWithATopLevelError_IsTerminatingServerSideReindexFailed_NotBackfilled()
    {
        // The target maps title as an integer: no source document fits, and the task ends in an error.
        var (alias, created) = await ShadowAsync("ss-error", 30, null, JsonNode.Parse("""{ "properties": { "title": { "type": "integer" } } }""")!.AsObject());

        var failed = await Assert.ThrowsAsync<VectorMigrationException>(() => BackfillAsync(created, new RecordingObserver(), serverSide: true));

        Assert.Contains(failed.ErrorId, new[] { MigrationErrorCodes.ServerSideReindexFailed, MigrationErrorCodes.BackfillFailed });
        var recorded = await Engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(MigrationPhase.BackfillIncomplete, recorded!.Phase);
        Assert.False(recorded.Backfill!.IsComplete && recorded.Backfill.Failed == 0);
    }

    [Fact]
    public async Task ServerSide_TaskCancelledOnTheCluster_IsTerminatingServerSideReindexFailed_AndRecordedIncomplete()
    {
        var (alias, created) = await ShadowAsync("ss-cancel", 3000, null);
        var run = BackfillAsync(created, new RecordingObserver(), serverSide: true, maxDocsPerSecond: 100);
        await CancelReindexTasksAsync();

        var failed = await Assert.ThrowsAsync<VectorMigrationException>(() => run);

        Assert.Equal(MigrationErrorCodes.ServerSideReindexFailed, failed.ErrorId);
        Assert.Contains("cancelled", failed.Message);
        var recorded = await Engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(MigrationPhase.BackfillIncomplete, recorded!.Phase);
        Assert.Contains("cancelled", recorded.Backfill!.Aborted);
        Assert.False(recorded.Backfill.IsComplete);
    }

    /// <summary>As an operator would (POST /_tasks/_cancel), once the backfill's task is running.</summary>
    private async Task CancelReindexTasksAsync()
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var list = await _fixture.Seed.SendAsync(HttpMethod.Get, "/_tasks?actions=*reindex");
            if (list!["nodes"]!.AsObject().Any(n => n.Value!["tasks"]!.AsObject().Count > 0))
            {
                await _fixture.Seed.SendAsync(HttpMethod.Post, "/_tasks/_cancel?actions=*reindex");
                return;
            }
            await Task.Delay(25);
        }
        throw new InvalidOperationException("The backfill's _reindex task never showed in GET /_tasks.");
    }

    public static TheoryData<string, string?, long> TaskAnswers => new()
    {
        // GET /_tasks/{id} bodies as Elasticsearch gives them for a completed reindex.
        { """{ "completed": true, "task": { "status": { "total": 2 } }, "response": { "total": 2, "created": 2, "failures": [] } }""", null, 0 },
        { """{ "completed": true, "task": {}, "response": { "total": 2, "created": 1, "failures": [ { "index": "t", "id": "1", "cause": { "type": "mapper_parsing_exception", "reason": "failed to parse" }, "status": 400 } ] } }""", null, 1 },
        { """{ "completed": true, "task": {}, "error": { "type": "index_not_found_exception", "reason": "no such index [s]" } }""", "index_not_found_exception", 0 },
        { """{ "completed": true, "task": { "cancelled": true }, "response": { "total": 9, "created": 3, "canceled": "by user request", "failures": [] } }""", "cancelled by user request", 0 },
    };

    [Theory]
    [MemberData(nameof(TaskAnswers))]
    public void TaskOutcome_IsCompleteOnlyWithoutErrorFailuresOrCancellation(string body, string? aborted, long failed)
    {
        var outcome = ReindexTaskOutcome.FromCompletedTask(JsonNode.Parse(body)!);

        Assert.Equal(failed, outcome.Failed);
        Assert.Equal(aborted == null && failed == 0, outcome.IsComplete);
        if (aborted == null) Assert.Null(outcome.Aborted);
        else Assert.Contains(aborted, outcome.Aborted);
    }

    [Fact]
    public void TaskOutcome_OfATaskTheClusterNoLongerKnows_IsNotComplete()
    {
        var outcome = ReindexTaskOutcome.Missing("node:42");

        Assert.False(outcome.IsComplete);
        Assert.Contains("node:42", outcome.Aborted);
    }
}
