using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>The correctness protocol stage by stage through MigrationEngine, against the in-process node.</summary>
public sealed class MigrationStagesTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public MigrationStagesTests(EngineFixture fixture) => _fixture = fixture;

    private ClusterSeeder Seed => _fixture.Seed;

    private async Task<(string Alias, VectorMigration Migration)> ShadowAsync(string stem, int documents)
    {
        var alias = await _fixture.LiveAliasAsync(stem, documents, Dims);
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default);
        return (alias, await engine.CreateShadowAsync(plan, MigrationObserver.None, default));
    }

    private Task<VectorMigration> BackfillAsync(VectorMigration migration, RecordingObserver? observer = null, int batch = 200, CancellationToken ct = default) =>
        _fixture.Engine.BackfillAsync(new BackfillStageOptions(migration) { Backfill = new BackfillOptions { Slices = 2, BatchSize = batch } }, observer ?? new RecordingObserver(), ct);

    /// <summary>Every write to an index takes the next sequence number, so max(_seq_no) + 1 counts the writes (no deletes here).</summary>
    private async Task<long> WritesAsync(string index, int documents)
    {
        var ids = new JsonArray(Enumerable.Range(0, documents).Select(n => (JsonNode?)JsonValue.Create("doc-" + n)).ToArray());
        var docs = (await Seed.SendAsync(HttpMethod.Post, $"/{index}/_mget?_source=false", new JsonObject { ["ids"] = ids }.ToJsonString()))!["docs"]!.AsArray();
        return docs.Where(d => d!["found"]!.GetValue<bool>()).Max(d => d!["_seq_no"]!.GetValue<long>()) + 1;
    }

    [Fact]
    public async Task Backfill_ReturnsANewRecord_AndLeavesTheOneGivenAsItWas()
    {
        var (alias, created) = await ShadowAsync("immutable", 50);

        var backfilled = await BackfillAsync(created);

        Assert.NotSame(created, backfilled);
        Assert.Equal(MigrationPhase.Created, created.Phase);
        Assert.Null(created.Backfill);
        Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
        Assert.Equal(50L, backfilled.Backfill!.Copied);
        Assert.Equal(_fixture.Cluster.ClusterUuid, backfilled.TargetCluster!.Uuid);
        var stored = await _fixture.Engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(MigrationPhase.Backfilled, stored!.Phase);
        Assert.Equal(VectorMigration.CurrentSchemaVersion, stored.SchemaVersion);
        Assert.Equal(_fixture.Cluster.Identity, stored.SourceCluster);
        Assert.All(typeof(VectorMigration).GetProperties(), p => Assert.False(p.SetMethod?.IsPublic == true, p.Name + " has a public setter"));
    }

    [Fact]
    public async Task BackfillAndDelta_OnAServerThatLeavesVectorsOut_LeaveTheCallersOptionsAsTheyWere()
    {
        Assert.True(_fixture.Cluster.MustAskForVectors); // the engine has something to set for the run
        var (alias, created) = await ShadowAsync("options", 40);
        var backfill = new BackfillOptions { Slices = 2, BatchSize = 15 };
        var delta = new DeltaOptions { BatchSize = 15 };

        var backfilled = await _fixture.Engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = backfill }, new RecordingObserver(), default);
        await _fixture.Engine.SyncDeltaAsync(new DeltaStageOptions(backfilled) { Delta = delta }, new RecordingObserver(), default);

        Assert.False(backfill.MustAskForVectors);
        Assert.False(delta.MustAskForVectors);
        Assert.Equal(15, backfill.BatchSize);
        Assert.Empty(await IndexComparison.DifferencesAsync(Seed, alias + "-v1", alias + "-v2", 40, null)); // vectors copied all the same
    }

    [Fact]
    public async Task Backfill_CancelledThenResumed_CompletesWithoutRewritingWhatWasCopied()
    {
        const int documents = 3000, batch = 100, slices = 2;
        var (alias, created) = await ShadowAsync("resume", documents);
        using var cancel = new CancellationTokenSource();
        var stopAt = new Random().Next(documents / 5, documents * 3 / 5);
        var observer = new RecordingObserver(p => { if (p.Done >= stopAt) cancel.Cancel(); });
        var slow = new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = slices, BatchSize = batch, MaxDocsPerSecond = 3000 } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.Engine.BackfillAsync(slow, observer, cancel.Token));

        var interrupted = await _fixture.Engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(MigrationPhase.Backfilling, interrupted!.Phase);
        Assert.InRange(interrupted.Backfill!.Copied, 1, documents - 1);
        var resumed = await _fixture.Engine.BackfillAsync(
            new BackfillStageOptions(interrupted) { Backfill = new BackfillOptions { Slices = slices, BatchSize = batch } }, new RecordingObserver(), default);

        Assert.True(resumed.Backfill!.IsComplete);
        Assert.Equal(documents, await Seed.CountAsync(alias + "-v2"));
        // Only pages in flight at the cancellation (at most one per slice) may be written twice.
        Assert.InRange(await WritesAsync(alias + "-v2", documents), documents, documents + slices * batch);
        Assert.Empty(await IndexComparison.DifferencesAsync(Seed, alias + "-v1", alias + "-v2", documents, null));
    }

    [Fact]
    public async Task Backfill_InA429Storm_RetriesRejectedItems_AndLosesNothing()
    {
        const int documents = 2000;
        var (alias, created) = await ShadowAsync("storm", documents);
        await Seed.SendAsync(HttpMethod.Put, "/_localnode/faults", """{"bulk_item_reject_rate":0.3}""");
        VectorMigration backfilled;
        try
        {
            backfilled = await BackfillAsync(created);
        }
        finally
        {
            await Seed.SendAsync(HttpMethod.Delete, "/_localnode/faults");
        }

        Assert.True(backfilled.Backfill!.Retried > documents / 10, $"only {backfilled.Backfill.Retried} retries: were items rejected at all?");
        Assert.Equal(0L, backfilled.Backfill.Failed);
        Assert.Empty(await IndexComparison.DifferencesAsync(Seed, alias + "-v1", alias + "-v2", documents, null));
    }

    [Fact]
    public async Task SyncDelta_CopiesChangedAndNewDocuments_AndDeletesVanishedOnes()
    {
        const int documents = 400;
        var (alias, created) = await ShadowAsync("delta", documents);
        var backfilled = await BackfillAsync(created);
        // Writes the dual-writers never made: the delta must find them by the version diff.
        var bulk = new StringBuilder();
        for (var n = 0; n < 50; n++)
            bulk.Append($$$"""{"update":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n * 3}}}"}}""").Append('\n').Append("""{"doc":{"price":999}}""").Append('\n');
        for (var n = 0; n < 20; n++)
            bulk.Append($$$"""{"delete":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n * 3 + 1}}}"}}""").Append('\n');
        await Seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
        await Seed.IndexDocumentsAsync(alias + "-v1", documents, 30, Dims);

        var synced = await _fixture.Engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), new RecordingObserver(), default);

        Assert.Equal(MigrationPhase.Synced, synced.Phase);
        Assert.Equal(80L, synced.Delta!.Copied);
        Assert.Equal(20L, synced.Delta.Deleted);
        Assert.Empty(await IndexComparison.DifferencesAsync(Seed, alias + "-v1", alias + "-v2", documents + 30, null));
    }

    [Fact]
    public async Task CheckParity_WithADocumentMissingFromTheTarget_FailsAndRecordsWhy()
    {
        var (alias, created) = await ShadowAsync("parity", 100);
        var backfilled = await BackfillAsync(created);
        await Seed.SendAsync(HttpMethod.Delete, $"/{alias}-v2/_doc/doc-7?refresh=true");

        var checkedOnce = await _fixture.Engine.CheckParityAsync(new ParityStageOptions(backfilled) { SampleSize = 20 }, MigrationObserver.None, default);

        Assert.False(checkedOnce.Parity!.Passed);
        Assert.Equal(1L, checkedOnce.Parity.MissingInTarget);
        Assert.NotEmpty(checkedOnce.Parity.Problems);
        var stored = await _fixture.Engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.False(stored!.Parity!.Passed);
        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => _fixture.Engine.CutOverAsync(new CutoverOptions(checkedOnce), MigrationObserver.None, default));
        Assert.Equal(MigrationErrorCodes.ParityFailed, refused.ErrorId);
        Assert.Equal(new[] { alias + "-v1" }, (await Seed.AliasAsync(alias)).Keys.ToArray());
    }

    [Fact]
    public async Task CutOver_ThenRollBack_MovesTheAliasAndRecordsBothPhases()
    {
        var (alias, created) = await ShadowAsync("cutover", 100);
        var verified = await _fixture.Engine.CheckParityAsync(new ParityStageOptions(await BackfillAsync(created)), MigrationObserver.None, default);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));

        var cutOver = await _fixture.Engine.CutOverAsync(new CutoverOptions(verified), MigrationObserver.None, default);

        Assert.Equal(MigrationPhase.CutOver, cutOver.Phase);
        Assert.NotNull(cutOver.CutoverAt);
        var aliasNow = await Seed.AliasAsync(alias);
        Assert.Equal(new[] { alias + "-v2" }, aliasNow.Keys.ToArray());
        Assert.True(aliasNow[alias + "-v2"]);
        var settings = (await Seed.SendAsync(HttpMethod.Get, $"/{alias}-v2/_settings"))![alias + "-v2"]!["settings"]!["index"]!;
        Assert.Equal("1s", settings["refresh_interval"]!.ToString());

        var rolledBack = await _fixture.Engine.RollBackAsync(new CutoverOptions(cutOver), MigrationObserver.None, default);

        Assert.Equal(MigrationPhase.RolledBack, rolledBack.Phase);
        Assert.Equal(new[] { alias + "-v1" }, (await Seed.AliasAsync(alias)).Keys.ToArray());
        var stored = (await _fixture.Engine.ListAsync(MigrationObserver.None, default)).Single(m => m.Alias == alias);
        Assert.Equal(MigrationPhase.RolledBack, stored.Phase);
    }

    [Fact]
    public async Task MetadataUpdate_DuringAMigration_ChangesBothIndexesInStep_AndKeepsTheVectors()
    {
        var (alias, created) = await ShadowAsync("meta", 30);
        await BackfillAsync(created);
        var before = await Seed.GetAsync(alias + "-v2", "doc-3");

        var updater = await _fixture.Engine.OpenMetadataUpdateAsync(
            new MetadataUpdateOptions { Index = alias, Set = new JsonObject { ["tags"] = new JsonArray("sale") } }, MigrationObserver.None, default);
        var failures = await updater.ApplyAsync(new[] { "doc-3", "doc-4" }, default);

        Assert.Empty(failures);
        Assert.Equal(alias + "-v2", updater.Second);
        foreach (var id in new[] { "doc-3", "doc-4" })
        {
            var live = await Seed.GetAsync(alias + "-v1", id);
            var target = await Seed.GetAsync(alias + "-v2", id);
            Assert.Equal("[\"sale\"]", target["_source"]!["tags"]!.ToJsonString());
            Assert.Equal(live["_version"]!.GetValue<long>(), target["_version"]!.GetValue<long>());
        }
        var after = await Seed.GetAsync(alias + "-v2", "doc-3");
        Assert.Equal(before["_source"]!["embedding"]!.ToJsonString(), after["_source"]!["embedding"]!.ToJsonString());
    }

    [Fact]
    public async Task DualWrite_DuringAMigration_WritesBothIndexesWithTheLiveVersion()
    {
        var (alias, created) = await ShadowAsync("dual", 20);
        await BackfillAsync(created);

        var writer = await _fixture.Engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, MigrationObserver.None, default);
        var summary = new DualWriteSummary();
        var vector = ClusterSeeder.Vector(999, Dims);
        Assert.Empty(await writer.WriteAsync(new[] { new VectorDocument("doc-5", null, vector, new JsonObject { ["title"] = "rewritten" }) }, summary, default));

        Assert.Equal(alias + "-v2", writer.Second);
        Assert.Equal(1L, summary.SecondWritten);
        var live = await Seed.GetAsync(alias + "-v1", "doc-5");
        var target = await Seed.GetAsync(alias + "-v2", "doc-5");
        Assert.Equal(2L, live["_version"]!.GetValue<long>());
        Assert.Equal(live["_version"]!.GetValue<long>(), target["_version"]!.GetValue<long>());
        Assert.Equal("rewritten", target["_source"]!["title"]!.ToString());
        Assert.Empty(await IndexComparison.DifferencesAsync(Seed, alias + "-v1", alias + "-v2", 20, null));
    }
}
