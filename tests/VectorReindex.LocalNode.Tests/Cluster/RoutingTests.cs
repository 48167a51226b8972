using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Cluster;

/// <summary>routing on the document APIs, aliases and searches of a multi-shard index, as a real cluster answers.</summary>
public sealed class RoutingTests
{
    /// <summary>A routing value whose shard differs from the id's own on that index, so "without routing" really misses.</summary>
    private static string RoutingAwayFrom(TestNode node, string index, string id)
    {
        var routing = node.Server.Engine.Cluster.Get(index)!.Routing;
        return Enumerable.Range(0, 100).Select(i => $"r{i}").First(r => routing.ShardFor(id, r) != routing.ShardFor(id, null));
    }

    [Fact]
    public async Task Get_RoutedDocument_FoundWithItsRoutingAndNotWithout()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/r3", """{"settings":{"number_of_shards":3}}""");
        var routing = RoutingAwayFrom(node, "r3", "doc-1");

        var (indexed, _) = await node.PutAsync($"/r3/_doc/doc-1?routing={routing}&refresh=true", "{\"a\":1}");
        var (withStatus, with) = await node.GetAsync($"/r3/_doc/doc-1?routing={routing}");
        var (withoutStatus, without) = await node.GetAsync("/r3/_doc/doc-1");
        var (deleteWithout, _) = await node.DeleteAsync("/r3/_doc/doc-1");
        var (_, search) = await node.PostAsync("/r3/_search", "{\"query\":{\"ids\":{\"values\":[\"doc-1\"]}}}");

        Assert.Equal(HttpStatusCode.Created, indexed);
        Assert.Equal(HttpStatusCode.OK, withStatus);
        Assert.Equal(routing, (string?)with!["_routing"]);
        Assert.Equal(HttpStatusCode.NotFound, withoutStatus);
        Assert.False((bool)without!["found"]!);
        Assert.Equal(HttpStatusCode.NotFound, deleteWithout);
        Assert.Equal(routing, (string?)search!["hits"]!["hits"]![0]!["_routing"]);
        Assert.Equal(3, (int)search["_shards"]!["total"]!);
    }

    [Fact]
    public async Task RequiredRouting_WriteOrGetWithoutRouting_Is400RoutingMissing()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/req", """{"settings":{"number_of_shards":2},"mappings":{"_routing":{"required":true}}}""");

        var (status, body) = await node.PutAsync("/req/_doc/1", "{}");
        var (getStatus, _) = await node.GetAsync("/req/_doc/1");
        var (_, bulk) = await node.BulkAsync("/_bulk", "{\"index\":{\"_index\":\"req\",\"_id\":\"2\"}}", "{}", "{\"index\":{\"_index\":\"req\",\"_id\":\"3\",\"routing\":\"x\"}}", "{}");
        var (_, count) = await node.GetAsync("/req/_count?routing=x");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("routing_missing_exception", (string?)body!["error"]!["type"]);
        Assert.Equal("routing is required for [req]/[1]", (string?)body["error"]!["reason"]);
        Assert.Equal(HttpStatusCode.BadRequest, getStatus);
        Assert.Equal(400, (int)bulk!["items"]![0]!["index"]!["status"]!);
        Assert.Equal("routing_missing_exception", (string?)bulk["items"]![0]!["index"]!["error"]!["type"]);
        Assert.Equal(201, (int)bulk["items"]![1]!["index"]!["status"]!);
        Assert.Equal(1, (int)count!["_shards"]!["total"]!);
    }

    [Fact]
    public async Task AliasRouting_WritesAndSearchesThroughTheAliasUseItsRouting()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/ar", """{"settings":{"number_of_shards":3},"aliases":{"routed":{"routing":"r1"}}}""");

        var (written, _) = await node.PutAsync("/routed/_doc/a?refresh=true", "{}");
        var (_, direct) = await node.GetAsync("/ar/_doc/a?routing=r1");
        var (conflict, error) = await node.PutAsync("/routed/_doc/b?routing=other", "{}");
        var (_, search) = await node.PostAsync("/routed/_search", "{}");
        var (_, all) = await node.PostAsync("/ar/_search", "{}");

        Assert.Equal(HttpStatusCode.Created, written);
        Assert.True((bool)direct!["found"]!);
        Assert.Equal("r1", (string?)direct["_routing"]);
        Assert.Equal(HttpStatusCode.BadRequest, conflict);
        Assert.Equal("Alias [routed] has index routing associated with it [r1], and was provided with routing value [other], rejecting operation", (string?)error!["error"]!["reason"]);
        Assert.Equal(1, (int)search!["_shards"]!["total"]!);
        Assert.Equal(1, (int)search["hits"]!["total"]!["value"]!);
        Assert.Equal(3, (int)all!["_shards"]!["total"]!);
    }

    [Fact]
    public async Task Update_WithRouting_ReadsAndWritesTheRoutedShard()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/up", """{"settings":{"number_of_shards":3}}""");
        var routing = RoutingAwayFrom(node, "up", "u");
        await node.PutAsync($"/up/_doc/u?routing={routing}", "{\"n\":1}");

        var (missing, _) = await node.PostAsync("/up/_update/u", "{\"doc\":{\"n\":2}}");
        var (updated, _) = await node.PostAsync($"/up/_update/u?routing={routing}", "{\"doc\":{\"n\":3}}");
        var (_, doc) = await node.GetAsync($"/up/_doc/u?routing={routing}");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(3, (int)doc!["_source"]!["n"]!);
        Assert.Equal(2, (long)doc["_version"]!);
    }

    [Fact]
    public async Task NumberOfRoutingShards_NotAMultipleOfShards_Is400()
    {
        await using var node = await TestNode.StartAsync();

        var (status, body) = await node.PutAsync("/bad", """{"settings":{"number_of_shards":3,"number_of_routing_shards":5}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("the number of source shards [3] must be a factor of [5]", (string?)body!["error"]!["reason"]);
    }

    [Fact]
    public async Task Restart_ShardedIndex_RoutedDocumentsStayOnTheirShards()
    {
        var data = Directory.CreateTempSubdirectory("localnode-shards-").FullName;
        try
        {
            string routing;
            await using (var node = await TestNode.StartAsync(data))
            {
                await node.PutAsync("/dur", """{"settings":{"number_of_shards":3}}""");
                routing = RoutingAwayFrom(node, "dur", "k");
                await node.PutAsync($"/dur/_doc/k?routing={routing}", "{}");
                await node.PutAsync("/dur/_doc/plain", "{}");
                node.Server.Snapshot();
                await node.PutAsync($"/dur/_doc/k?routing={routing}", "{\"v\":2}");
            }

            await using var restarted = await TestNode.StartAsync(data);
            var (withStatus, with) = await restarted.GetAsync($"/dur/_doc/k?routing={routing}");
            var (withoutStatus, _) = await restarted.GetAsync("/dur/_doc/k");
            var (plainStatus, _) = await restarted.GetAsync("/dur/_doc/plain");

            Assert.Equal(HttpStatusCode.OK, withStatus);
            Assert.Equal(2, (long)with!["_version"]!);
            Assert.Equal(HttpStatusCode.NotFound, withoutStatus);
            Assert.Equal(HttpStatusCode.OK, plainStatus);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task PartitionedIndex_RoutingSpreadsOverThePartition_AndRequiresRoutingInTheMapping()
    {
        await using var node = await TestNode.StartAsync();
        var (refused, error) = await node.PutAsync("/p0", """{"settings":{"number_of_shards":4,"routing_partition_size":2},"mappings":{"properties":{"a":{"type":"keyword"}}}}""");
        // routing_num_shards = shards: with the default (1024 for 4 shards) a partition's consecutive hashes mostly share
        // one shard, as on a real cluster (elastic/elasticsearch#48863).
        await node.PutAsync("/p1", """{"settings":{"number_of_shards":4,"number_of_routing_shards":4,"routing_partition_size":2},"mappings":{"_routing":{"required":true}}}""");
        var bulk = Enumerable.Range(0, 30).SelectMany(i => new[] { $"{{\"index\":{{\"_index\":\"p1\",\"_id\":\"{i}\",\"routing\":\"tenant\"}}}}", "{}" }).ToArray();
        await node.BulkAsync("/_bulk?refresh=true", bulk);

        var (_, search) = await node.GetAsync("/p1/_search?routing=tenant&size=0");
        var stored = node.Server.Engine.Cluster.Get("p1")!;

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("mapping type [_doc] must have routing required for partitioned index [p0]", (string?)error!["error"]!["reason"]);
        Assert.Equal(2, (int)search!["_shards"]!["total"]!);
        Assert.Equal(30, (int)search["hits"]!["total"]!["value"]!);
        Assert.Equal(2, stored.Shards.Count(s => s.LiveCount > 0));
    }
}
