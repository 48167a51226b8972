using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>One in-process local node and one connection to it, shared by a test class: no runspace anywhere.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public LocalNodeServer Node { get; private set; } = null!;

    public ClusterConnection Cluster { get; private set; } = null!;

    public ClusterSeeder Seed { get; private set; } = null!;

    public MigrationEngine Engine => new(Cluster);

    public async Task InitializeAsync()
    {
        // The node's default version (9.2 and later leave vectors out of _source): the engine must ask for them back.
        Node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        Cluster = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { Node.Uri }), false, null, CancellationToken.None);
        Seed = new ClusterSeeder(Node.Uri);
    }

    /// <summary>An alias over a v1 index of <paramref name="documents"/> documents (doc-0..), as ClusterSeeder makes them.</summary>
    public async Task<string> LiveAliasAsync(string stem, int documents, int dims, int shards = 1)
    {
        var alias = stem + "-" + Guid.NewGuid().ToString("N")[..8];
        await Seed.CreateVectorIndexAsync(alias + "-v1", alias, dims, shards: shards);
        await Seed.IndexDocumentsAsync(alias + "-v1", 0, documents, dims);
        return alias;
    }

    public async Task DisposeAsync()
    {
        Seed.Dispose();
        Cluster.Dispose();
        await Node.DisposeAsync();
    }
}
