using System.Text;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Delta;

/// <summary>
/// A backfilled migration of routed documents (3-shard source, 2-shard target) on a node of its own
/// that a test may restart, and writes to the source the target has not seen: what the PIT-loss tests
/// of the delta and the parity check run against. Enough documents for several 5,000-id scan pages.
/// </summary>
internal sealed class RestartedNodeMigration : IAsyncDisposable
{
    public const int Dims = 8;
    public const int Documents = 12_000;

    private RestartedNodeMigration(RestartableNode node, ClusterConnection cluster, ClusterSeeder seed, string alias, VectorMigration backfilled)
    {
        Node = node;
        Cluster = cluster;
        Seed = seed;
        Alias = alias;
        Backfilled = backfilled;
    }

    public RestartableNode Node { get; }
    public ClusterConnection Cluster { get; }
    public ClusterSeeder Seed { get; }
    public string Alias { get; }
    public VectorMigration Backfilled { get; }
    public MigrationEngine Engine => new(Cluster);

    /// <summary>Two of every three documents routed by a tenant, the third by its id.</summary>
    public static string? Routing(int n) => n % 3 == 0 ? null : "tenant-" + (n % 11);

    public static async Task<RestartedNodeMigration> StartAsync(string stem)
    {
        var node = await RestartableNode.StartAsync();
        var seed = new ClusterSeeder(node.Uri);
        // The default retry budget is what must ride out the restart.
        var settings = new ConnectionSettings(new[] { node.Uri });
        var cluster = await ClusterConnector.ConnectAsync(settings, false, null, CancellationToken.None);
        var alias = stem + "-" + Guid.NewGuid().ToString("N")[..8];
        await seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims, shards: 3);
        await seed.IndexDocumentsAsync(alias + "-v1", 0, Documents, Dims, routing: Routing);
        var engine = new MigrationEngine(cluster);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 2 }, MigrationObserver.None, default);
        var created = await engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 3, BatchSize = 1000 } }, new RecordingObserver(), default);
        return new RestartedNodeMigration(node, cluster, seed, alias, backfilled);
    }

    /// <summary>Updates, deletes and new documents in the source that no dual-writer sent to the target.</summary>
    public async Task WriteBehindTheTargetsBackAsync()
    {
        var bulk = new StringBuilder();
        for (var n = 0; n < Documents; n += 97)
            bulk.Append(Action("update", n)).Append('\n').Append("""{"doc":{"price":4242}}""").Append('\n');
        for (var n = 1; n < Documents; n += 89)
            bulk.Append(Action("delete", n)).Append('\n');
        await Seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
        await Seed.IndexDocumentsAsync(Alias + "-v1", Documents, 300, Dims, routing: Routing);
    }

    private string Action(string verb, int n) => Routing(n) is string r
        ? $$$"""{"{{{verb}}}":{"_index":"{{{Alias}}}-v1","_id":"doc-{{{n}}}","routing":"{{{r}}}"}}"""
        : $$$"""{"{{{verb}}}":{"_index":"{{{Alias}}}-v1","_id":"doc-{{{n}}}"}}""";

    public Task<List<string>> DifferencesAsync() =>
        IndexComparison.DifferencesAsync(Seed, Alias + "-v1", Alias + "-v2", Documents + 300, null, Routing);

    public async ValueTask DisposeAsync()
    {
        Seed.Dispose();
        Cluster.Dispose();
        await Node.DisposeAsync();
    }
}
