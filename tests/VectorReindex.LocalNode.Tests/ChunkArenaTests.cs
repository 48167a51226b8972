using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Tests;

/// <summary>
/// Sources and float vectors live in shared arena chunks; overwriting most documents must compact the
/// arenas without losing or mixing up a byte or a float, while a point in time opened before the
/// overwrites still reads the old sources.
/// </summary>
public sealed class ChunkArenaTests
{
    private const int Documents = 120;
    private const int Rounds = 6;

    [Fact]
    public async Task Overwrites_CompactTheArena_WhileEverySourceStaysIntact()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/arena", "{\"mappings\":{\"properties\":{\"body\":{\"type\":\"keyword\",\"index\":false},\"v\":{\"type\":\"dense_vector\",\"dims\":4,\"similarity\":\"l2_norm\"}}}}");
        await Load(node, round: 0);
        await node.PostAsync("/arena/_refresh");
        var (_, opened) = await node.PostAsync("/arena/_pit?keep_alive=5m");
        var pit = (string)opened!["id"]!;

        for (var round = 1; round < Rounds; round++)
            await Load(node, round);

        var store = node.Server.Engine.Cluster.Get("arena")!.Shards[0];
        var written = (long)Documents * Rounds * Body(0, 0).Length;
        Assert.True(store.SourceBytesReserved < written / 2, $"arena holds {store.SourceBytesReserved:N0} bytes of {written:N0} written: it was never compacted");
        for (var id = 0; id < Documents; id++)
        {
            var (status, doc) = await node.GetAsync($"/arena/_doc/{id}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(Body(id, Rounds - 1), (string)doc!["_source"]!["body"]!);
        }
        await node.PostAsync("/arena/_refresh");
        foreach (var id in new[] { 0, 57, Documents - 1 })
        {
            var (_, knn) = await node.PostAsync("/arena/_search", $"{{\"knn\":{{\"field\":\"v\",\"query_vector\":[{id},{Rounds - 1},1,2],\"k\":1,\"num_candidates\":{Documents}}},\"_source\":false}}");
            var top = knn!["hits"]!["hits"]![0]!;
            Assert.Equal(id.ToString(), (string)top["_id"]!);
            Assert.Equal(1.0, (double)top["_score"]!);
        }
        var (_, hits) = await node.PostAsync("/_search", $"{{\"pit\":{{\"id\":\"{pit}\"}},\"size\":{Documents}}}");
        var seen = hits!["hits"]!["hits"]!.AsArray();
        Assert.Equal(Documents, seen.Count);
        foreach (var hit in seen)
            Assert.Equal(Body(int.Parse((string)hit!["_id"]!), 0), (string)hit["_source"]!["body"]!);
    }

    /// <summary>About 100 KB per source, distinct for every document and round.</summary>
    private static string Body(int id, int round)
        => $"{id:D4}-{round}-" + new string((char)('a' + (id + round) % 26), 100_000);

    private static async Task Load(TestNode node, int round)
    {
        var bulk = new StringBuilder();
        for (var id = 0; id < Documents; id++)
        {
            bulk.Append("{\"index\":{\"_id\":\"").Append(id).Append("\"}}\n");
            bulk.Append(new JsonObject { ["body"] = Body(id, round), ["v"] = new JsonArray(id, round, 1, 2) }.ToJsonString()).Append('\n');
        }
        var (status, response) = await node.SendAsync(HttpMethod.Post, "/arena/_bulk", bulk.ToString(), "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)response!["errors"]!);
    }
}
