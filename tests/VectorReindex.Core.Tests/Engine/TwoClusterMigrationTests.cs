using System.Text;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>A migration whose new index lives on another cluster: read one, write the other, the record names both.</summary>
public sealed class TwoClusterMigrationTests : IAsyncLifetime
{
    private const int Dims = 8;
    private readonly EngineFixture _source = new();
    private LocalNodeServer _targetNode = null!;
    private ClusterConnection _target = null!;
    private ClusterSeeder _targetSeed = null!;

    public async Task InitializeAsync()
    {
        await _source.InitializeAsync();
        _targetNode = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, ClusterName = "the-new-cluster" });
        _target = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { _targetNode.Uri }), false, null, CancellationToken.None);
        _targetSeed = new ClusterSeeder(_targetNode.Uri);
    }

    [Fact]
    public async Task Migration_ToAnotherCluster_BackfillsDeltasAndVerifiesAcrossBoth()
    {
        const int documents = 600;
        var alias = await _source.LiveAliasAsync("moving", documents, Dims, shards: 2);
        var engine = new MigrationEngine(_source.Cluster, _target);
        var observer = new RecordingObserver();

        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { BatchSize = 100 } }, observer, default);
        var bulk = new StringBuilder();
        for (var n = 0; n < 30; n++)
            bulk.Append($$$"""{"update":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n * 7}}}"}}""").Append('\n').Append("""{"doc":{"price":12345}}""").Append('\n');
        await _source.Seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 50 }, observer, default);

        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.Equal(30L, synced.Delta!.Copied);
        Assert.Empty(await IndexComparison.DifferencesAsync(_source.Seed, alias + "-v1", _targetSeed, alias + "-v2", documents, null));
        Assert.NotNull((await _source.Seed.SendAsync(HttpMethod.Get, $"/{alias}-v2", allowError: true))?["error"]); // created on the target cluster only
        var stored = await engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(_source.Cluster.Identity, stored!.SourceCluster);
        Assert.Equal(_target.Identity, stored.TargetCluster);
        Assert.Equal("the-new-cluster", stored.TargetCluster!.Name);
        Assert.False(stored.SourceCluster!.IsSameCluster(stored.TargetCluster));
    }

    public async Task DisposeAsync()
    {
        _targetSeed.Dispose();
        _target.Dispose();
        await _targetNode.DisposeAsync();
        await _source.DisposeAsync();
    }
}
