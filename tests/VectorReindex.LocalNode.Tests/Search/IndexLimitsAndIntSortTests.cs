using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>index.max_result_window bounds from + size, a scroll batch and an ids query, per index; integer fields of new indices sort a missing value as Integer.MAX_VALUE.</summary>
public sealed class IndexLimitsAndIntSortTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public IndexLimitsAndIntSortTests(LocalNodeFixture node)
    {
        _node = node;
    }

    [Fact]
    public async Task IdsQuery_MoreIdsThanMaxResultWindow_IsQueryShardException()
    {
        var index = LocalNodeFixture.NewIndexName("ids");
        await _node.PutAsync($"/{index}", new { settings = new { index = new { max_result_window = 2 } } });
        await _node.PostAsync("/_bulk?refresh=true", $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"1\"}}}}\n{{\"k\":\"v\"}}\n");

        var within = await _node.PostAsync($"/{index}/_search", new { query = new { ids = new { values = new[] { "1", "2" } } }, size = 2 });
        var above = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", new { query = new { ids = new { values = new[] { "1", "2", "3" } } } }, ensureSuccess: false);

        Assert.Single(within["hits"]!["hits"]!.AsArray());
        Assert.Equal(400, above["__status"]!.GetValue<int>());
        Assert.Equal("query_shard_exception", above["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("failed to create query: Too many ids specified, allowed max result window is [2]", above["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task FromPlusSize_IsBoundedByEachIndexsOwnMaxResultWindow()
    {
        var small = LocalNodeFixture.NewIndexName("win");
        var large = LocalNodeFixture.NewIndexName("winl");
        await _node.PutAsync($"/{small}", new { settings = new { index = new { max_result_window = 5 } } });
        await _node.PutAsync($"/{large}", new { settings = new { index = new { max_result_window = 20_000 } } });
        await _node.PostAsync("/_bulk?refresh=true", $"{{\"index\":{{\"_index\":\"{small}\",\"_id\":\"1\"}}}}\n{{\"k\":\"v\"}}\n");

        var within = await _node.PostAsync($"/{small}/_search", new { from = 2, size = 3 });
        var above = await _node.SendAsync(HttpMethod.Post, $"/{small}/_search", new { from = 3, size = 3 }, ensureSuccess: false);
        var scroll = await _node.SendAsync(HttpMethod.Post, $"/{small}/_search?scroll=1m", new { size = 6 }, ensureSuccess: false);
        var raised = await _node.PostAsync($"/{large}/_search", new { from = 15_000, size = 10 });
        var both = await _node.SendAsync(HttpMethod.Post, $"/{small},{large}/_search", new { size = 6 }, ensureSuccess: false);

        Assert.Equal(1, within["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal(400, above["__status"]!.GetValue<int>());
        Assert.Equal("illegal_argument_exception", above["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.StartsWith("Result window is too large, from + size must be less than or equal to: [5] but was [6].", above["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(400, scroll["__status"]!.GetValue<int>());
        Assert.StartsWith("Batch size is too large, size must be less than or equal to: [5] but was [6].", scroll["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
        Assert.Empty(raised["hits"]!["hits"]!.AsArray());
        Assert.Equal(400, both["__status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sort_MissingIntegerAndLongValues_SortLastAsTheirTypesMaximum()
    {
        var ints = LocalNodeFixture.NewIndexName("int");
        var longs = LocalNodeFixture.NewIndexName("long");
        await _node.PutAsync($"/{ints}", new { mappings = new { properties = new { n = new { type = "integer" } } } });
        await _node.PutAsync($"/{longs}", new { mappings = new { properties = new { n = new { type = "long" } } } });
        await _node.PostAsync("/_bulk?refresh=true",
            $"{{\"index\":{{\"_index\":\"{ints}\"}}}}\n{{\"n\":5}}\n{{\"index\":{{\"_index\":\"{ints}\"}}}}\n{{\"other\":1}}\n" +
            $"{{\"index\":{{\"_index\":\"{longs}\"}}}}\n{{\"n\":3}}\n{{\"index\":{{\"_index\":\"{longs}\"}}}}\n{{\"other\":1}}\n");

        var response = await _node.PostAsync($"/{ints},{longs}/_search", new { sort = new object[] { new { n = "asc" } } });

        Assert.Equal(new long[] { 3, 5, int.MaxValue, long.MaxValue }, response["hits"]!["hits"]!.AsArray().Select(h => h!["sort"]![0]!.GetValue<long>()));
    }
}
