using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>
/// terms (with sub-aggregations) and the single-value metrics over the documents a query matched,
/// across shards; an aggregation type the node does not compute is refused, not answered empty.
/// </summary>
public sealed class AggregationTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public AggregationTests(LocalNodeFixture node) => _node = node;

    private async Task<string> IndexAsync()
    {
        var index = LocalNodeFixture.NewIndexName("aggs");
        await _node.PutAsync($"/{index}", new
        {
            settings = new { number_of_shards = 3 },
            mappings = new { properties = new { tag = new { type = "keyword" }, price = new { type = "long" }, ratio = new { type = "double" }, on = new { type = "boolean" }, title = new { type = "text" } } },
        });
        var bulk = new System.Text.StringBuilder();
        // tags: a on 0..9 (10 documents), b on 10..15 (6), c on 16..18 (3), none on 19; price = n; on = n even.
        for (var n = 0; n < 20; n++)
        {
            var tag = n < 10 ? "\"a\"" : n < 16 ? "\"b\"" : n < 19 ? "\"c\"" : "null";
            bulk.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{n}\"}}}}\n{{\"tag\":{tag},\"price\":{n},\"ratio\":{n}.5,\"on\":{(n % 2 == 0 ? "true" : "false")},\"title\":\"t {n}\"}}\n");
        }
        await _node.PostAsync("/_bulk?refresh=true", bulk.ToString());
        return index;
    }

    [Fact]
    public async Task Terms_CountsEachValueOverTheMatches_TopSizeByCount_WithSubAggregations()
    {
        var index = await IndexAsync();

        var response = await _node.PostAsync($"/{index}/_search", new
        {
            size = 0,
            query = new { range = new { price = new { gte = 2 } } },
            aggs = new
            {
                tags = new { terms = new { field = "tag", size = 2 }, aggs = new { top = new { max = new { field = "price" } }, mean = new { avg = new { field = "ratio" } } } },
                by_key = new { terms = new { field = "tag", order = new { _key = "desc" } } },
                flags = new { terms = new { field = "on" } },
            },
        });

        var tags = response["aggregations"]!["tags"]!;
        Assert.Equal(3, tags["sum_other_doc_count"]!.GetValue<long>());
        var buckets = tags["buckets"]!.AsArray();
        Assert.Equal(new[] { "a", "b" }, buckets.Select(b => b!["key"]!.GetValue<string>()));
        Assert.Equal(new long[] { 8, 6 }, buckets.Select(b => b!["doc_count"]!.GetValue<long>()));
        Assert.Equal(9, buckets[0]!["top"]!["value"]!.GetValue<double>());
        Assert.Equal(Enumerable.Range(10, 6).Average() + 0.5, buckets[1]!["mean"]!["value"]!.GetValue<double>(), 9);
        Assert.Equal(new[] { "c", "b", "a" }, response["aggregations"]!["by_key"]!["buckets"]!.AsArray().Select(b => b!["key"]!.GetValue<string>()));
        var flags = response["aggregations"]!["flags"]!["buckets"]!.AsArray();
        Assert.Equal(new[] { "false", "true" }, flags.Select(b => b!["key_as_string"]!.GetValue<string>()));
        Assert.Equal(new long[] { 0, 1 }, flags.Select(b => b!["key"]!.GetValue<long>()));
        Assert.Empty(response["hits"]!["hits"]!.AsArray());
    }

    [Fact]
    public async Task Metrics_SummarizeTheMatchedValues()
    {
        var index = await IndexAsync();

        var response = await _node.PostAsync($"/{index}/_search", new
        {
            size = 1,
            query = new { term = new { tag = "b" } },
            aggs = new
            {
                lo = new { min = new { field = "price" } },
                hi = new { max = new { field = "price" } },
                total = new { sum = new { field = "price" } },
                n = new { value_count = new { field = "price" } },
                kinds = new { cardinality = new { field = "on" } },
                none = new { min = new { field = "unmapped" } },
            },
        });

        var aggs = response["aggregations"]!;
        Assert.Equal(10, aggs["lo"]!["value"]!.GetValue<double>());
        Assert.Equal(15, aggs["hi"]!["value"]!.GetValue<double>());
        Assert.Equal(75, aggs["total"]!["value"]!.GetValue<double>());
        Assert.Equal(6, aggs["n"]!["value"]!.GetValue<long>());
        Assert.Equal(2, aggs["kinds"]!["value"]!.GetValue<long>());
        Assert.Null(aggs["none"]!["value"]);
        Assert.Single(response["hits"]!["hits"]!.AsArray());
    }

    [Fact]
    public async Task UnsupportedTypesAndTextFields_AreRefused()
    {
        var index = await IndexAsync();

        var histogram = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", new { aggs = new { h = new { histogram = new { field = "price", interval = 5 } } } }, ensureSuccess: false);
        var text = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", new { aggs = new { t = new { terms = new { field = "title" } } } }, ensureSuccess: false);

        Assert.Equal(400, histogram["__status"]!.GetValue<int>());
        Assert.Contains("[histogram]", histogram["error"]!["reason"]!.GetValue<string>());
        Assert.Equal(400, text["__status"]!.GetValue<int>());
        Assert.StartsWith("Fielddata is disabled on [title]", text["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostFilterAndSearchAfter_NarrowTheHits_NotTheAggregations()
    {
        var index = await IndexAsync();

        var filtered = await _node.PostAsync($"/{index}/_search", new
        {
            size = 20,
            post_filter = new { term = new { tag = "c" } },
            aggs = new { tags = new { terms = new { field = "tag" } }, top = new { max = new { field = "price" } } },
        });
        var paged = await _node.PostAsync($"/{index}/_search", new
        {
            size = 5,
            sort = new object[] { new { price = "asc" } },
            search_after = new object[] { 14 },
            aggs = new { tags = new { terms = new { field = "tag" } } },
        });

        Assert.Equal(3, filtered["hits"]!["total"]!["value"]!.GetValue<int>());
        var buckets = filtered["aggregations"]!["tags"]!["buckets"]!.AsArray();
        Assert.Equal(new[] { "a:10", "b:6", "c:3" }, buckets.Select(b => $"{b!["key"]}:{b["doc_count"]}"));
        Assert.Equal(19, filtered["aggregations"]!["top"]!["value"]!.GetValue<double>());
        Assert.Equal(new[] { "15", "16", "17", "18", "19" }, paged["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()));
        Assert.Equal(new[] { "a:10", "b:6", "c:3" }, paged["aggregations"]!["tags"]!["buckets"]!.AsArray().Select(b => $"{b!["key"]}:{b["doc_count"]}"));
    }
}
