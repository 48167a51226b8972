using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>
/// Delete tombstones outlive the migration: a document deleted and written again during a migration
/// longer than the source's index.gc_deletes still reaches the target, and both indexes get their own
/// gc_deletes back at cutover.
/// </summary>
public sealed class DeletesRetentionTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public DeletesRetentionTests(EngineFixture fixture) => _fixture = fixture;

    private MigrationEngine Engine => _fixture.Engine;

    private ClusterSeeder Seed => _fixture.Seed;

    private async Task<string?> GcDeletesAsync(string index)
    {
        var settings = await Seed.SendAsync(HttpMethod.Get, $"/{index}/_settings");
        return settings![index]!["settings"]!["index"]!["gc_deletes"]?.ToString();
    }

    [Theory]
    [InlineData("60s", true)]
    [InlineData("1s", true)]
    [InlineData("500ms", true)]
    [InlineData("24h", false)]
    [InlineData("2d", false)]
    public void Raise_ShorterThanTheWindow_IsTheWindow_LongerIsLeft(string current, bool raised) =>
        Assert.Equal(raised ? DeletesRetention.MigrationWindow : null, DeletesRetention.Raise(current));

    [Fact]
    public async Task DocumentDeletedAndWrittenAgain_AfterTheSourcesGcDeletes_ReachesTheTarget_AndTheSourceGetsItsOwnBack()
    {
        var alias = await _fixture.LiveAliasAsync("gcdeletes", 30, Dims);
        var source = alias + "-v1";
        await Seed.SendAsync(HttpMethod.Put, $"/{source}/_settings", """{"index":{"gc_deletes":"1s"}}""");

        // The target keeps tombstones for the default 60 s, as the operator asked; the source only 1 s.
        var settings = JsonNode.Parse("""{"index":{"gc_deletes":"60s"}}""")!.AsObject();
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm", Settings = settings }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        Assert.Equal("24h", await GcDeletesAsync(source));
        Assert.Equal("60s", await GcDeletesAsync(m.Target));
        m = await Engine.BackfillAsync(new BackfillStageOptions(m) { Backfill = new BackfillOptions { Slices = 1, BatchSize = 100 } }, new RecordingObserver(), default);

        // Deleted through the dual-writer (a tombstone in both), then written again after the source's
        // own 1 s: had its tombstone gone, the source would start the document again at version 1,
        // below the target's tombstone, and the target would refuse every copy of it.
        var writer = await Engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, MigrationObserver.None, default);
        Assert.Empty(await writer.DeleteAsync(new[] { "doc-3" }, new DualWriteSummary(), default));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var rewritten = new VectorDocument("doc-3", null, ClusterSeeder.Vector(703, Dims), new JsonObject { ["title"] = "written again" });
        Assert.Empty(await writer.WriteAsync(new[] { rewritten }, new DualWriteSummary(), default));

        m = await Engine.SyncDeltaAsync(new DeltaStageOptions(m), new RecordingObserver(), default);
        m = await Engine.CheckParityAsync(new ParityStageOptions(m) { SampleSize = 10, Queries = 2 }, MigrationObserver.None, default);
        Assert.True(m.Parity!.Passed, m.Parity.ToString());
        Assert.Equal("written again", (await Seed.GetAsync(m.Target, "doc-3"))["_source"]!["title"]!.ToString());

        await Engine.CutOverAsync(new CutoverOptions(m), MigrationObserver.None, default);
        Assert.Equal("1s", await GcDeletesAsync(source));
        Assert.Equal("60s", await GcDeletesAsync(m.Target));
    }

    [Fact]
    public async Task Target_KeepsTombstonesForTheWindowWhileMigrating_AndGetsTheSourcesDefaultAtCutover()
    {
        var alias = await _fixture.LiveAliasAsync("gcdefault", 20, Dims);
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm" }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        Assert.Equal("24h", await GcDeletesAsync(m.Target));
        Assert.Equal("24h", await GcDeletesAsync(alias + "-v1"));

        m = await Engine.BackfillAsync(new BackfillStageOptions(m) { Backfill = new BackfillOptions { Slices = 1, BatchSize = 100 } }, new RecordingObserver(), default);
        m = await Engine.SyncDeltaAsync(new DeltaStageOptions(m), new RecordingObserver(), default);
        await Engine.CutOverAsync(new CutoverOptions(m), MigrationObserver.None, default);

        Assert.Null(await GcDeletesAsync(m.Target));
        Assert.Null(await GcDeletesAsync(alias + "-v1"));
    }
    [Fact]
    public async Task Abandon_AfterTheSourceWasDeleted_AbandonsWithoutRestoringAnything()
    {
        var alias = await _fixture.LiveAliasAsync("gcdeletes-gone", 5, Dims);
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm" }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        Assert.NotNull(m.SourceGcDeletes);
        await Seed.SendAsync(HttpMethod.Delete, $"/{alias}-v1");

        var abandoned = await Engine.AbandonAsync(m, new RecordingObserver(), default);

        Assert.Equal(MigrationPhase.Abandoned, abandoned.Phase);
        Assert.Equal(MigrationPhase.Abandoned, (await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, m.Target, default))!.Phase);
    }
    [Fact]
    public async Task DocumentDeletedBeforeTheMigration_WrittenAgainAfterCutover_ReachesTheOldIndexToo_SoARollbackKeepsIt()
    {
        var alias = await _fixture.LiveAliasAsync("tombstone-lift", 10, Dims);
        var source = alias + "-v1";
        await Seed.SendAsync(HttpMethod.Delete, $"/{source}/_doc/doc-3?refresh=true"); // tombstone at version 2, kept by the migration's gc_deletes
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm" }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        m = await Engine.BackfillAsync(new BackfillStageOptions(m) { Backfill = new BackfillOptions { Slices = 1, BatchSize = 100 } }, new RecordingObserver(), default);
        m = await Engine.SyncDeltaAsync(new DeltaStageOptions(m), new RecordingObserver(), default);
        await Engine.CutOverAsync(new CutoverOptions(m), MigrationObserver.None, default);

        // The new index never saw the delete and starts the document at version 1, below the old index's tombstone.
        var writer = await Engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, MigrationObserver.None, default);
        Assert.Equal(source, writer.Second);
        var summary = new DualWriteSummary();
        var again = new VectorDocument("doc-3", null, ClusterSeeder.Vector(903, Dims), new JsonObject { ["title"] = "after cutover" });
        Assert.Empty(await writer.WriteAsync(new[] { again }, summary, default));

        var inOld = await Seed.GetAsync(source, "doc-3");
        var inNew = await Seed.GetAsync(m.Target, "doc-3");
        Assert.Equal("after cutover", inOld["_source"]!["title"]!.ToString());
        Assert.Equal(3L, (long)inOld["_version"]!);
        Assert.Equal(3L, (long)inNew["_version"]!);
        Assert.Equal(1L, summary.SecondWritten);
        Assert.Equal(0L, summary.SecondSkippedNewer);

        // A second index that holds a newer document is still left alone.
        await Seed.SendAsync(HttpMethod.Put, $"/{source}/_doc/doc-5?version=50&version_type=external&refresh=true", """{"title":"newer in old"}""");
        var stale = new DualWriteSummary();
        Assert.Empty(await writer.WriteAsync(new[] { new VectorDocument("doc-5", null, ClusterSeeder.Vector(905, Dims), new JsonObject { ["title"] = "older" }) }, stale, default));
        Assert.Equal("newer in old", (await Seed.GetAsync(source, "doc-5"))["_source"]!["title"]!.ToString());
        Assert.Equal(1L, stale.SecondSkippedNewer);
    }
}
