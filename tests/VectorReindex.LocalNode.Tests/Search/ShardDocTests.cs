using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>_shard_doc and _shards over several multi-shard indices, numbered as Elasticsearch numbers a request's shards.</summary>
public sealed class ShardDocTests
{
    [Fact]
    public async Task ShardDoc_TwoIndicesOfTwoShards_HighBitsAreTheShardRequestIndexShardFirstThenIndexName()
    {
        await using var node = await TestNode.StartAsync();
        foreach (var name in new[] { "sdb", "sda" })
        {
            await node.PutAsync($"/{name}", """{"settings":{"number_of_shards":2},"aliases":{"sd":{}}}""");
            await node.BulkAsync("/_bulk?refresh=true", Enumerable.Range(0, 20).SelectMany(i => new[] { $"{{\"index\":{{\"_index\":\"{name}\",\"_id\":\"{i}\"}}}}", "{}" }).ToArray());
        }
        var (_, opened) = await node.PostAsync("/sd/_pit?keep_alive=1m");
        var pit = (string)opened!["id"]!;
        var routing = node.Server.Engine.Cluster.Get("sda")!.Routing;

        var (_, page) = await node.PostAsync("/_search", new JsonObject
        {
            ["size"] = 100,
            ["pit"] = new JsonObject { ["id"] = pit },
            ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
        }.ToJsonString());

        var hits = page!["hits"]!["hits"]!.AsArray();
        Assert.Equal(40, hits.Count);
        Assert.Equal(4, (int)opened["_shards"]!["total"]!);
        Assert.Equal(4, (int)page["_shards"]!["total"]!);
        var previous = long.MinValue;
        foreach (var hit in hits)
        {
            var shard = routing.ShardFor((string)hit!["_id"]!, null);
            var requestIndex = shard * 2 + ((string)hit["_index"]! == "sda" ? 0 : 1);
            var value = (long)hit["sort"]![0]!;
            Assert.Equal(requestIndex, value >> 32);
            Assert.True(value > previous);
            previous = value;
        }
    }

    [Fact]
    public async Task SearchAndCount_WithRouting_CountOnlyTheRoutedShards()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/c1", """{"settings":{"number_of_shards":5}}""");
        await node.PutAsync("/c2", """{"settings":{"number_of_shards":2}}""");
        await node.PutAsync("/c1/_doc/1?routing=a&refresh=true", "{}");

        var (_, all) = await node.GetAsync("/c1,c2/_search");
        var (_, routed) = await node.GetAsync("/c1,c2/_search?routing=a");
        var (_, twoValues) = await node.GetAsync("/c1/_count?routing=a,zz");
        var (_, count) = await node.GetAsync("/c1/_count?routing=a");

        Assert.Equal(7, (int)all!["_shards"]!["total"]!);
        Assert.Equal(7, (int)all["_shards"]!["successful"]!);
        Assert.Equal(0, (int)all["_shards"]!["skipped"]!);
        Assert.Equal(2, (int)routed!["_shards"]!["total"]!);
        Assert.Equal(1, (int)routed["hits"]!["total"]!["value"]!);
        var expectedShards = new[] { "a", "zz" }.SelectMany(node.Server.Engine.Cluster.Get("c1")!.Routing.SearchShards).Distinct().Count();
        Assert.Equal(expectedShards, (int)twoValues!["_shards"]!["total"]!);
        Assert.Equal(1, (long)count!["count"]!);
    }
}
