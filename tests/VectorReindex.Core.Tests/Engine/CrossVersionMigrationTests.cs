using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// Migrations between clusters of different versions: each side is read and written with its own
/// version's capabilities, and the shadow index gets the target version's defaults.
/// </summary>
public sealed class CrossVersionMigrationTests
{
    private const int Dims = 8;

    private sealed class Node : IAsyncDisposable
    {
        private Node(LocalNodeServer server, ClusterConnection connection)
        {
            Server = server;
            Connection = connection;
            Seed = new ClusterSeeder(server.Uri);
        }

        public LocalNodeServer Server { get; }

        public ClusterConnection Connection { get; }

        public ClusterSeeder Seed { get; }

        public static async Task<Node> StartAsync(string version, string name)
        {
            var server = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version, ClusterName = name });
            var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { server.Uri }), false, null, CancellationToken.None);
            return new Node(server, connection);
        }

        public async ValueTask DisposeAsync()
        {
            Seed.Dispose();
            Connection.Dispose();
            await Server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("9.0.0", "9.2.0")]
    [InlineData("8.17.0", "9.2.0")]
    [InlineData("8.19.0", "9.2.0")]
    [InlineData("9.2.0", "9.0.0")]
    [InlineData("9.2.0", "8.19.0")]
    public async Task CopyMigration_BetweenVersions_BackfillsAndPassesParity_EachSideAskedForVectorsItsOwnWay(string sourceVersion, string targetVersion)
    {
        const int documents = 120;
        await using var source = await Node.StartAsync(sourceVersion, "old-cluster");
        await using var target = await Node.StartAsync(targetVersion, "new-cluster");
        await source.Seed.CreateVectorIndexAsync("items-v1", "items", Dims);
        await source.Seed.IndexDocumentsAsync("items-v1", 0, documents, Dims);
        var engine = new MigrationEngine(source.Connection, target.Connection);
        var observer = new RecordingObserver();

        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = "items" }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { BatchSize = 50 } }, observer, default);
        await source.Seed.IndexDocumentsAsync("items-v1", 100, 30, Dims); // 20 rewritten, 10 new: the delta reads them back with their vectors
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 40 }, observer, default);

        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.Equal(documents, backfilled.Backfill!.Copied);
        Assert.Equal(30L, synced.Delta!.Copied);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.Empty(await IndexComparison.DifferencesAsync(source.Seed, "items-v1", target.Seed, "items-v2", documents + 10, null));
    }

    [Fact]
    public async Task ShadowIndex_91BbqDefaultMovedBelow64Dims_IsCreated_WithInt8()
    {
        // Copying the source's bbq_hnsw (9.1's default at 384 dimensions) to 32 dimensions is refused by Elasticsearch.
        await using var node = await Node.StartAsync("9.1.0", "one-cluster");
        await node.Seed.CreateVectorIndexAsync("items-v1", "items", 384);
        var engine = new MigrationEngine(node.Connection);

        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = "items", Dimensions = 32 }, MigrationObserver.None, default), MigrationObserver.None, default);

        var mapping = (await node.Seed.SendAsync(HttpMethod.Get, "/items-v2/_mapping"))!["items-v2"]!["mappings"]!;
        Assert.Equal("int8_hnsw", (string)mapping["properties"]!["embedding"]!["index_options"]!["type"]!);
        Assert.Equal("int8_hnsw", (string)created.IndexOptions!["type"]!);
    }

    [Fact]
    public async Task CopyMigration_FloatToBFloat16On93_IsCreated_AndBackfilled()
    {
        await using var node = await Node.StartAsync("9.3.0", "one-cluster");
        await node.Seed.CreateVectorIndexAsync("items-v1", "items", Dims);
        await node.Seed.IndexDocumentsAsync("items-v1", 0, 50, Dims);
        var engine = new MigrationEngine(node.Connection);
        var observer = new RecordingObserver();

        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = "items", ElementType = "bfloat16" }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created), observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(backfilled) { SampleSize = 20 }, observer, default);

        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.Equal(50, backfilled.Backfill!.Copied);
        var mapping = (await node.Seed.SendAsync(HttpMethod.Get, "/items-v2/_mapping"))!["items-v2"]!["mappings"]!;
        Assert.Equal("bfloat16", (string)mapping["properties"]!["embedding"]!["element_type"]!);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
    }

    [Fact]
    public async Task ShadowIndex_From817To92_ResolvesTheTargetsDefaults_ReportsTheDrift_AndMarksTheSource()
    {
        await using var source = await Node.StartAsync("8.17.0", "old-cluster");
        await using var target = await Node.StartAsync("9.2.0", "new-cluster");
        await source.Seed.CreateVectorIndexAsync("items-v1", "items", 128);
        var engine = new MigrationEngine(source.Connection, target.Connection);
        var observer = new RecordingObserver();

        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = "items", Dimensions = 384, TargetAlias = "items-next" }, observer, default);
        var created = await engine.CreateShadowAsync(plan, observer, default);

        Assert.Equal("8.17.0", plan.Drift.SourceVersion.ToString());
        Assert.Equal("9.2.0", plan.Drift.TargetVersion.ToString());
        Assert.Equal("Creating index items-v2 on cluster new-cluster (Elasticsearch 9.2.0) for alias items (source items-v1 on cluster old-cluster (Elasticsearch 8.17.0)). "
            + "The source index gets a _meta.vectorreindex_target marker naming the target. The source's index.gc_deletes goes from (default) to 24h until cutover, so deletes stay versioned.", plan.Description);
        Assert.Equal("Create index items-v2 on cluster new-cluster (Elasticsearch 9.2.0) for alias items?", plan.Question);
        Assert.Contains(plan.Drift.Lines, l => l.Contains("index_options (embedding): int8_hnsw (the 8.17.0 default for 128 dimensions) -> bbq_hnsw (the 9.2.0 default for 384 dimensions)"));
        Assert.Contains(plan.Drift.Lines, l => l.Contains("vectors in _source: stored in _source (the 8.17.0 default) -> left out of _source (the 9.2.0 default)"));
        var targetMapping = (await target.Seed.SendAsync(HttpMethod.Get, "/items-v2/_mapping"))!["items-v2"]!["mappings"]!;
        Assert.Equal("bbq_hnsw", (string)targetMapping["properties"]!["embedding"]!["index_options"]!["type"]!);
        Assert.Equal("bbq_hnsw", (string)created.IndexOptions!["type"]!);
        Assert.Equal("items-next", created.TargetAlias);

        var sourceMapping = (await source.Seed.SendAsync(HttpMethod.Get, "/items-v1/_mapping"))!["items-v1"]!["mappings"]!.AsObject();
        Assert.Equal("tests", (string)sourceMapping["_meta"]!["owner"]!); // the application's _meta is kept
        var marker = SourceMarker.FromMappings(sourceMapping);
        Assert.NotNull(marker);
        Assert.Equal("items-v2", marker!.TargetIndex);
        Assert.Equal(created.Id, marker.MigrationId);
        Assert.Equal("items-next", marker.TargetAlias);
        Assert.True(marker.TargetCluster.IsSameCluster(target.Connection.Identity));
        Assert.Equal("new-cluster", marker.TargetCluster.Name);
    }

    [Fact]
    public async Task ShadowIndex_SourceThatCannotBeMarked_IsSourceMarkerFailed_NamingBothClusters()
    {
        await using var source = await Node.StartAsync("8.19.0", "old-cluster");
        await using var target = await Node.StartAsync("9.2.0", "new-cluster");
        await source.Seed.CreateVectorIndexAsync("items-v1", "items", Dims);
        // Keeping tombstones for the window already, the source needs no settings change before the create.
        await source.Seed.SendAsync(HttpMethod.Put, "/items-v1/_settings", """{"index":{"gc_deletes":"24h"}}""");
        var engine = new MigrationEngine(source.Connection, target.Connection);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = "items" }, MigrationObserver.None, default);
        await source.Seed.SendAsync(HttpMethod.Delete, "/items-v1"); // gone between the plan and the create

        var ex = await Assert.ThrowsAsync<VectorMigrationException>(() => engine.CreateShadowAsync(plan, MigrationObserver.None, default));

        Assert.Equal(MigrationErrorCodes.SourceMarkerFailed, ex.ErrorId);
        Assert.Equal("items-v1", ex.Target);
        Assert.Contains("created on cluster new-cluster", ex.Message);
        Assert.Contains("on cluster old-cluster", ex.Message);
    }

    [Fact]
    public async Task ShadowIndex_SourceGoneBeforeItsTombstonesCouldBeKept_IsSourceIndexNotFound_AndNothingIsCreated()
    {
        await using var source = await Node.StartAsync("8.19.0", "old-cluster");
        await using var target = await Node.StartAsync("9.2.0", "new-cluster");
        await source.Seed.CreateVectorIndexAsync("items-v1", "items", Dims);
        var engine = new MigrationEngine(source.Connection, target.Connection);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = "items" }, MigrationObserver.None, default);
        await source.Seed.SendAsync(HttpMethod.Delete, "/items-v1");

        var ex = await Assert.ThrowsAsync<VectorMigrationException>(() => engine.CreateShadowAsync(plan, MigrationObserver.None, default));

        Assert.Equal(MigrationErrorCodes.SourceIndexNotFound, ex.ErrorId);
        Assert.Contains("nothing was created", ex.Message);
        var indices = await target.Seed.SendAsync(HttpMethod.Get, "/_cat/indices?format=json");
        Assert.Empty(indices!.AsArray());
    }

    [Fact]
    public async Task ShadowIndex_OnTheSameCluster_LeavesTheSourceUnmarked()
    {
        await using var node = await Node.StartAsync("9.2.0", "one-cluster");
        await node.Seed.CreateVectorIndexAsync("items-v1", "items", Dims);
        var engine = new MigrationEngine(node.Connection);

        await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = "items" }, MigrationObserver.None, default), MigrationObserver.None, default);

        var sourceMapping = (await node.Seed.SendAsync(HttpMethod.Get, "/items-v1/_mapping"))!["items-v1"]!["mappings"]!.AsObject();
        Assert.Null(SourceMarker.FromMappings(sourceMapping));
    }
}
