using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>GET {index}/_field_usage_stats counts, per shard and field, the ways searches read each field.</summary>
public sealed class FieldUsageStatsTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public FieldUsageStatsTests(LocalNodeFixture node)
    {
        _node = node;
    }

    private async Task<string> SeedAsync()
    {
        var index = LocalNodeFixture.NewIndexName("usage");
        await _node.PutAsync($"/{index}", new
        {
            settings = new { number_of_shards = 1 },
            mappings = new { properties = new { name = new { type = "keyword" }, n = new { type = "long" }, vector = new { type = "dense_vector", dims = 3, similarity = "l2_norm" } } },
        });
        await _node.PostAsync("/_bulk?refresh=true",
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"1\"}}}}\n{{\"name\":\"a\",\"n\":1,\"vector\":[1,2,3]}}\n" +
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"2\"}}}}\n{{\"name\":\"b\",\"n\":2,\"vector\":[3,2,1]}}\n");
        return index;
    }

    private static JsonNode Fields(JsonObject stats, string index) => stats[index]!["shards"]![0]!["stats"]!["fields"]!;

    [Fact]
    public async Task FieldUsageStats_AfterKnnSearch_CountsKnnVectorsAndStoredId()
    {
        var index = await SeedAsync();
        await _node.PostAsync($"/{index}/_search", new { knn = new { field = "vector", query_vector = new[] { 1, 2, 3 }, k = 1, num_candidates = 2 } });

        var stats = await _node.SendAsync(HttpMethod.Get, $"/{index}/_field_usage_stats");

        var fields = Fields(stats, index);
        Assert.Equal(1, fields["vector"]!["any"]!.GetValue<long>());
        Assert.Equal(1, fields["vector"]!["knn_vectors"]!.GetValue<long>());
        Assert.Equal(1, fields["_id"]!["stored_fields"]!.GetValue<long>());
        Assert.Equal(0, fields["_id"]!["knn_vectors"]!.GetValue<long>());
        Assert.Null(fields["name"]);
        Assert.Equal(1, stats["_shards"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task FieldUsageStats_TermRangeAndSort_CountsPostingsPointsAndDocValues()
    {
        var index = await SeedAsync();
        await _node.PostAsync($"/{index}/_search", new
        {
            query = new { @bool = new { filter = new object[] { new { term = new { name = "a" } }, new { range = new { n = new { gte = 1 } } } } } },
            sort = new object[] { new { n = "desc" } },
        });

        var stats = await _node.SendAsync(HttpMethod.Get, $"/{index}/_field_usage_stats?fields=name,n");

        var fields = Fields(stats, index);
        Assert.Equal(1, fields["name"]!["inverted_index"]!["postings"]!.GetValue<long>());
        Assert.Equal(1, fields["n"]!["points"]!.GetValue<long>());
        Assert.Equal(1, fields["n"]!["doc_values"]!.GetValue<long>());
        Assert.Null(fields["_id"]);
        Assert.Equal(2, stats[index]!["shards"]![0]!["stats"]!["all_fields"]!["any"]!.GetValue<long>());
    }

    [Fact]
    public async Task FieldUsageStats_NestedQuery_CountsTheFieldsItsQueryReads()
    {
        var index = LocalNodeFixture.NewIndexName("usage");
        await _node.PutAsync($"/{index}", new { mappings = new { properties = new { user = new { type = "nested", properties = new { first = new { type = "keyword" } } } } } });
        await _node.SendAsync(HttpMethod.Put, $"/{index}/_doc/1?refresh=true", new { user = new[] { new { first = "a" } } });
        await _node.PostAsync($"/{index}/_search", JsonNode.Parse("""{"query": {"nested": {"path": "user", "query": {"term": {"user.first": "a"}}}}}"""));

        var stats = await _node.SendAsync(HttpMethod.Get, $"/{index}/_field_usage_stats?fields=user.first");

        Assert.Equal(1, Fields(stats, index)["user.first"]!["inverted_index"]!["postings"]!.GetValue<long>());
    }
}
