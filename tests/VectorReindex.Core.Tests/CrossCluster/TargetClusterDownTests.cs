using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.CrossCluster;

/// <summary>
/// A dual-write while the new cluster is down reaches the old one, is counted as missed (never as
/// written) and reported per document; once the new cluster is back, the delta repairs it.
/// </summary>
public sealed class TargetClusterDownTests : IAsyncLifetime
{
    private const int Dims = 8;
    private const int Documents = 100;
    private OldAndNewClusters _clusters = null!;

    public async Task InitializeAsync() => _clusters = await OldAndNewClusters.StartAsync(newRetries: 1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteWhileTheNewClusterIsDown_IsCountedMissed_AndTheDeltaRepairsIt(bool openedBeforeTheOutage)
    {
        var alias = await _clusters.SeedAsync("down", Documents, Dims, null);
        var (old, engine) = (_clusters.Old.Connection, _clusters.Engine);
        var observer = new RecordingObserver();
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 3 }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created), observer, default);
        var options = new DualWriteOptions { Index = alias, Clusters = _clusters.Clusters, TextField = "title", VectorField = "embedding" };
        var writer = openedBeforeTheOutage ? await new MigrationEngine(old).OpenDualWriteAsync(options, observer, default) : null;

        await _clusters.New.Node.StopAsync();
        writer ??= await new MigrationEngine(old).OpenDualWriteAsync(options, observer, default);
        var summary = new DualWriteSummary();
        var docs = Enumerable.Range(0, 20).Select(n => new VectorDocument("doc-" + n, "written while the new cluster is down " + n, ClusterSeeder.Vector(n + 5000, Dims), null)).ToList();
        var failures = await writer.WriteAsync(docs, summary, default);
        var deleted = await writer.DeleteAsync(new[] { "doc-50", "doc-51" }, summary, default);

        Assert.Equal(20L, summary.Written);
        Assert.Equal(2L, summary.Deleted);
        Assert.Equal(22L, summary.SecondMissed);
        Assert.Equal(0L, summary.SecondWritten);
        Assert.All(failures.Concat(deleted), f => Assert.Equal(MigrationErrorCodes.SecondWriteMissed, f.ErrorId));
        Assert.Equal(22, failures.Count + deleted.Count);
        Assert.Contains("the next delta pass brings it over", failures[0].Message);

        await _clusters.New.Node.StartAgainAsync();
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);
        Assert.Empty(await IndexComparison.DifferencesAsync(_clusters.Old.Seed, alias + "-v1", _clusters.New.Seed, alias + "-v2", Documents, null));
        Assert.Equal(22L, synced.Delta!.Copied + synced.Delta.Deleted);
    }

    public async Task DisposeAsync() => await _clusters.DisposeAsync();
}
