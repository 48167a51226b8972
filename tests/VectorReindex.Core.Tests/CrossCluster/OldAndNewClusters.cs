using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.CrossCluster;

/// <summary>
/// The two clusters of a move to new hardware, in process: the old one an 8.19 node ("old-8"), the
/// new one the default 9.x version ("new-9"), restartable on its data when a test takes it down.
/// </summary>
public sealed class OldAndNewClusters : IAsyncDisposable
{
    private LocalNodeServer _oldNode = null!;

    private OldAndNewClusters(RestartableNode newNode) => NewNode = newNode;

    public RestartableNode NewNode { get; }

    public Uri OldUri => _oldNode.Uri;

    public ClusterConnection Old { get; private set; } = null!;

    public ClusterConnection New { get; private set; } = null!;

    public ClusterSeeder OldSeed { get; private set; } = null!;

    public ClusterSeeder NewSeed { get; private set; } = null!;

    /// <summary>Both connections, as a host that holds both would offer them.</summary>
    public IClusterResolver Clusters => new ClusterDirectory(Old, New);

    /// <summary>The engine that migrates from the old cluster to the new one.</summary>
    public MigrationEngine Engine => new(Old, New);

    /// <param name="newRetries">Retries of calls to the new cluster (a test that stops it waits for its absence, not for a minute of backoff).</param>
    public static async Task<OldAndNewClusters> StartAsync(int? newRetries = null)
    {
        var clusters = new OldAndNewClusters(await RestartableNode.StartAsync(clusterName: "new-9"));
        clusters._oldNode = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.19.0", ClusterName = "old-8" });
        clusters.Old = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { clusters._oldNode.Uri }), false, null, CancellationToken.None);
        var settings = new ConnectionSettings(new[] { clusters.NewNode.Uri });
        if (newRetries is int retries)
        {
            settings.Retry.MaxRetries = retries;
            settings.Retry.MaxRetryTime = TimeSpan.FromMilliseconds(300);
        }
        clusters.New = await ClusterConnector.ConnectAsync(settings, false, null, CancellationToken.None);
        clusters.OldSeed = new ClusterSeeder(clusters._oldNode.Uri);
        clusters.NewSeed = new ClusterSeeder(clusters.NewNode.Uri);
        return clusters;
    }

    /// <summary>An alias over a <paramref name="shards"/>-shard v1 index of routed documents on the old cluster.</summary>
    public async Task<string> SeedAsync(string stem, int documents, int dims, Func<int, string?>? routing, int shards = 2)
    {
        var alias = stem + "-" + Guid.NewGuid().ToString("N")[..8];
        await OldSeed.CreateVectorIndexAsync(alias + "-v1", alias, dims, shards: shards);
        await OldSeed.IndexDocumentsAsync(alias + "-v1", 0, documents, dims, routing: routing);
        return alias;
    }

    public async ValueTask DisposeAsync()
    {
        OldSeed.Dispose();
        NewSeed.Dispose();
        Old.Dispose();
        New.Dispose();
        await _oldNode.DisposeAsync();
        await NewNode.DisposeAsync();
    }
}
