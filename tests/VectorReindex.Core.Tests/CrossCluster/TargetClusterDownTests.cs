using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.LocalNode;
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
    private LocalNodeServer _oldNode = null!;
    private RestartableNode _newNode = null!;
    private ClusterConnection _old = null!;
    private ClusterConnection _new = null!;
    private ClusterSeeder _oldSeed = null!;

    public async Task InitializeAsync()
    {
        _oldNode = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.19.0", ClusterName = "old-8" });
        _newNode = await RestartableNode.StartAsync();
        _old = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { _oldNode.Uri }), false, null, CancellationToken.None);
        // A short retry budget: the test waits for the new cluster's absence, not for a minute of backoff.
        var settings = new ConnectionSettings(new[] { _newNode.Uri });
        settings.Retry.MaxRetries = 1;
        settings.Retry.MaxRetryTime = TimeSpan.FromMilliseconds(300);
        _new = await ClusterConnector.ConnectAsync(settings, false, null, CancellationToken.None);
        _oldSeed = new ClusterSeeder(_oldNode.Uri);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteWhileTheNewClusterIsDown_IsCountedMissed_AndTheDeltaRepairsIt(bool openedBeforeTheOutage)
    {
        var alias = "down-" + Guid.NewGuid().ToString("N")[..8];
        await _oldSeed.CreateVectorIndexAsync(alias + "-v1", alias, Dims, shards: 2);
        await _oldSeed.IndexDocumentsAsync(alias + "-v1", 0, Documents, Dims);
        var engine = new MigrationEngine(_old, _new);
        var observer = new RecordingObserver();
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 3 }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created), observer, default);
        var options = new DualWriteOptions { Index = alias, Clusters = new ClusterDirectory(_old, _new), TextField = "title", VectorField = "embedding" };
        var writer = openedBeforeTheOutage ? await new MigrationEngine(_old).OpenDualWriteAsync(options, observer, default) : null;

        await _newNode.StopAsync();
        writer ??= await new MigrationEngine(_old).OpenDualWriteAsync(options, observer, default);
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

        await _newNode.StartAgainAsync();
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);
        using var newSeed = new ClusterSeeder(_newNode.Uri);
        Assert.Empty(await IndexComparison.DifferencesAsync(_oldSeed, alias + "-v1", newSeed, alias + "-v2", Documents, null));
        Assert.Equal(22L, synced.Delta!.Copied + synced.Delta.Deleted);
    }

    public async Task DisposeAsync()
    {
        _oldSeed.Dispose();
        _old.Dispose();
        _new.Dispose();
        await _newNode.DisposeAsync();
        await _oldNode.DisposeAsync();
    }
}
