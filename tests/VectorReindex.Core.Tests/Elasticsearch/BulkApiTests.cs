using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.LocalNode;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>The data plane through the official client's transport: NDJSON streamed out, per-item results back in order.</summary>
public sealed class BulkApiTests
{
    [Fact]
    public async Task Send_VersionedWrites_ReturnsEachItemInOrder_AndAnOlderVersionConflicts()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }), force: false, logger: null, CancellationToken.None);
        var bulk = new BulkApi(connection.Cluster);

        var first = await bulk.SendAsync(new[]
        {
            BulkOperation.VersionedIndex("bulk-test", "a", 5, w => { w.WriteStartObject(); w.WriteString("title", "five"); w.WriteEndObject(); }),
            BulkOperation.VersionedIndex("bulk-test", "b", 1, w => { w.WriteStartObject(); w.WriteString("title", "one"); w.WriteEndObject(); }),
        }, "true", CancellationToken.None);
        var second = await bulk.SendAsync(new[]
        {
            BulkOperation.VersionedIndex("bulk-test", "a", 4, w => { w.WriteStartObject(); w.WriteString("title", "older"); w.WriteEndObject(); }),
        }, null, CancellationToken.None);

        Assert.Equal(new[] { "a", "b" }, first.Select(r => r.Id));
        Assert.All(first, r => Assert.Equal(201, r.Status));
        Assert.Equal(5L, first[0].Version);
        Assert.True(Assert.Single(second).IsVersionConflict);
    }

    [Fact]
    public async Task SendUnlessAllSucceeded_ACleanBulkReadsNoItems_AndABulkWithAConflictReturnsEveryItem()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }), force: false, logger: null, CancellationToken.None);
        var bulk = new BulkApi(connection.Cluster);
        static BulkOperation Write(string id, long version) =>
            BulkOperation.VersionedIndex("bulk-clean", id, version, w => { w.WriteStartObject(); w.WriteNumber("v", version); w.WriteEndObject(); });

        var clean = await bulk.SendUnlessAllSucceededAsync(new[] { Write("a", 5), Write("b", 1) }, CancellationToken.None);
        var mixed = await bulk.SendUnlessAllSucceededAsync(new[] { Write("b", 2), Write("a", 4) }, CancellationToken.None);

        Assert.Null(clean);
        Assert.NotNull(mixed);
        Assert.Equal(new[] { "b", "a" }, mixed!.Select(r => r.Id));
        Assert.True(mixed[0].IsSuccess);
        Assert.True(mixed[1].IsVersionConflict);
    }
}
