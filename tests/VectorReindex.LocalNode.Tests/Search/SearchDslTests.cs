using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class SearchDslTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public SearchDslTests(LocalNodeFixture node)
    {
        _node = node;
    }

    private async Task<string> SeedAsync()
    {
        var index = LocalNodeFixture.NewIndexName("dsl");
        var bulk = string.Concat(Enumerable.Range(1, 30).Select(i =>
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{i}\"}}}}\n{{\"n\":{i},\"kind\":\"{(i % 2 == 0 ? "even" : "odd")}\",\"title\":\"doc number {i}\"{(i % 10 == 0 ? "" : ",\"opt\":" + i)}}}\n"));
        await _node.PostAsync("/_bulk?refresh=true", bulk);
        return index;
    }

    [Fact]
    public async Task Search_FilteredAlias_AppliesTheFilterToSearchAndCount()
    {
        var index = await SeedAsync();
        await _node.PostAsync("/_aliases", new JsonObject
        {
            ["actions"] = new JsonArray(new JsonObject { ["add"] = new JsonObject { ["index"] = index, ["alias"] = index + "-even", ["filter"] = new JsonObject { ["term"] = new JsonObject { ["kind"] = "even" } } } }),
        }.ToJsonString());

        var search = await _node.PostAsync($"/{index}-even/_search", new { size = 0 });
        var count = await _node.PostAsync($"/{index}-even/_count", new { query = new { range = new { n = new { lte = 10 } } } });

        Assert.Equal(15, search["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal(5, count["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_SortWithMissingFirstAndSearchAfter_PagesInOrder()
    {
        var index = await SeedAsync();
        var body = new JsonObject { ["size"] = 4, ["sort"] = new JsonArray(new JsonObject { ["opt"] = new JsonObject { ["order"] = "desc", ["missing"] = "_first" } }) };

        var first = (await _node.PostAsync($"/{index}/_search", body.ToJsonString()))["hits"]!["hits"]!.AsArray();
        body["search_after"] = first[^1]!["sort"]!.DeepClone();
        var second = (await _node.PostAsync($"/{index}/_search", body.ToJsonString()))["hits"]!["hits"]!.AsArray();

        Assert.Equal(new[] { "10", "20", "30", "29" }, first.Select(h => h!["_id"]!.GetValue<string>()));
        Assert.Equal(new[] { "28", "27", "26", "25" }, second.Select(h => h!["_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_TrackTotalHitsNumber_ReportsLowerBound()
    {
        var index = await SeedAsync();

        var response = await _node.PostAsync($"/{index}/_search", new { size = 0, track_total_hits = 7 });

        Assert.Equal(7, response["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal("gte", response["hits"]!["total"]!["relation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_BoolWithMinimumShouldMatchAndSourceFilter_SelectsAndTrims()
    {
        var index = await SeedAsync();

        var response = await _node.PostAsync($"/{index}/_search", new JsonObject
        {
            ["seq_no_primary_term"] = true,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray("n", "title") , ["excludes"] = new JsonArray("title") },
            ["query"] = new JsonObject { ["bool"] = new JsonObject
            {
                ["filter"] = new JsonObject { ["exists"] = new JsonObject { ["field"] = "opt" } },
                ["should"] = new JsonArray(new JsonObject { ["term"] = new JsonObject { ["n"] = 3 } }, new JsonObject { ["match"] = new JsonObject { ["title"] = "number" } }, new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray("3", "10") } }),
                ["minimum_should_match"] = 3,
                ["must_not"] = new JsonObject { ["terms"] = new JsonObject { ["kind"] = new JsonArray("even") } },
            } },
        }.ToJsonString());

        var hit = Assert.Single(response["hits"]!["hits"]!.AsArray());
        Assert.Equal("3", hit!["_id"]!.GetValue<string>());
        Assert.Equal("{\"n\":3}", hit["_source"]!.ToJsonString());
        Assert.True(hit["_seq_no"]!.GetValue<long>() >= 0);
        Assert.Equal(1, hit["_primary_term"]!.GetValue<long>());
    }

    [Fact]
    public async Task Scroll_AllPages_ReturnEveryDocumentOnceThenClear()
    {
        var index = await SeedAsync();
        var page = await _node.PostAsync($"/{index}/_search?scroll=1m", new { size = 7 });
        var ids = new List<string>();
        var scrollId = page["_scroll_id"]!.GetValue<string>();
        while (page["hits"]!["hits"]!.AsArray().Count > 0)
        {
            ids.AddRange(page["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()));
            page = await _node.PostAsync("/_search/scroll", new { scroll = "1m", scroll_id = scrollId });
        }

        var cleared = await _node.SendAsync(HttpMethod.Delete, "/_search/scroll", new { scroll_id = scrollId });

        Assert.Equal(30, ids.Distinct().Count());
        Assert.Equal(30, ids.Count);
        Assert.Equal(1, cleared["num_freed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Knn_WrongQueryVectorLength_Answers400WithElasticsearchReason()
    {
        var index = LocalNodeFixture.NewIndexName("knnerr");
        await _node.PutAsync($"/{index}", new { mappings = new { properties = new { v = new { type = "dense_vector", dims = 3, similarity = "l2_norm" } } } });
        await _node.PutAsync($"/{index}/_doc/1?refresh=true", new { v = new[] { 1, 2, 3 } });

        var response = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", new { knn = new { field = "v", query_vector = new[] { 1, 2 }, k = 1, num_candidates = 5 } }, ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Contains("different number of dimensions [2] than the document vectors [3]", response["error"]!["reason"]!.GetValue<string>());
    }
}
