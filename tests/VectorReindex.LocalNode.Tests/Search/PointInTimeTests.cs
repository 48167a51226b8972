using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class PointInTimeTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public PointInTimeTests(LocalNodeFixture node)
    {
        _node = node;
    }

    [Fact]
    public async Task Search_AfterKeepAliveExpires_Answers404SearchContextMissing()
    {
        var index = LocalNodeFixture.NewIndexName("pitexp");
        await _node.PutAsync($"/{index}/_doc/1?refresh=true", new { a = 1 });
        var pit = (await _node.PostAsync($"/{index}/_pit?keep_alive=200ms"))["id"]!.GetValue<string>();
        await Task.Delay(400);

        var response = await _node.SendAsync(HttpMethod.Post, "/_search", new { pit = new { id = pit } }, ensureSuccess: false);

        Assert.Equal(404, response["__status"]!.GetValue<int>());
        Assert.Equal("search_context_missing_exception", response["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_KeepAliveInRequest_ExtendsThePit()
    {
        var index = LocalNodeFixture.NewIndexName("pitext");
        await _node.PutAsync($"/{index}/_doc/1?refresh=true", new { a = 1 });
        var pit = (await _node.PostAsync($"/{index}/_pit?keep_alive=300ms"))["id"]!.GetValue<string>();
        await _node.PostAsync("/_search", new { pit = new { id = pit, keep_alive = "1m" } });
        await Task.Delay(500);

        var response = await _node.PostAsync("/_search", new { pit = new { id = pit } });

        Assert.Equal(1, response["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal(pit, response["pit_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_IndexedQueriesAfterUpdatesAndARefresh_SeeTheValuesAndScoresAsOpened()
    {
        var index = LocalNodeFixture.NewIndexName("pitidx");
        await _node.PutAsync($"/{index}", new { mappings = new { properties = new { tag = new { type = "keyword" }, body = new { type = "text" }, n = new { type = "long" } } } });
        await _node.PostAsync("/_bulk?refresh=true", string.Concat(
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"1\"}}}}\n{{\"tag\":\"a\",\"body\":\"red fox\",\"n\":1}}\n",
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"2\"}}}}\n{{\"tag\":\"a\",\"body\":\"red red dog\",\"n\":2}}\n",
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"3\"}}}}\n{{\"tag\":\"b\",\"body\":\"blue fox\",\"n\":3}}\n"));
        object Query(string tag) => new { @bool = new { must = new { match = new { body = "red fox" } }, filter = new object[] { new { term = new { tag } }, new { range = new { n = new { gte = 1, lte = 3 } } } } } };
        var asOpened = await _node.PostAsync($"/{index}/_search", new { query = Query("a") });
        var pit = (await _node.PostAsync($"/{index}/_pit?keep_alive=1m"))["id"]!.GetValue<string>();

        await _node.PutAsync($"/{index}/_doc/1", new { tag = "b", body = "red fox fox", n = 1 });
        await _node.SendAsync(HttpMethod.Delete, $"/{index}/_doc/2");
        await _node.PutAsync($"/{index}/_doc/4?refresh=true", new { tag = "a", body = "red fox", n = 2 });
        var throughPit = await _node.PostAsync("/_search", new { pit = new { id = pit }, query = Query("a") });
        var current = await _node.PostAsync($"/{index}/_search", new { query = Query("a") });

        static List<string> Hits(JsonObject response) => response["hits"]!["hits"]!.AsArray().Select(h => $"{h!["_id"]}:{h["_score"]}").ToList();
        Assert.Equal(new[] { "1", "2" }, Hits(asOpened).Select(h => h.Split(':')[0]));
        Assert.Equal(Hits(asOpened), Hits(throughPit));
        Assert.Equal(new[] { "4" }, Hits(current).Select(h => h.Split(':')[0]));
    }

    [Fact]
    public async Task Search_DocumentDeletedAfterOpening_StillReturnedWithOldVersion()
    {
        var index = LocalNodeFixture.NewIndexName("pitdel");
        await _node.PutAsync($"/{index}/_doc/1", new { a = 1 });
        await _node.PutAsync($"/{index}/_doc/1?refresh=true", new { a = 2 });
        var pit = (await _node.PostAsync($"/{index}/_pit?keep_alive=1m"))["id"]!.GetValue<string>();
        await _node.SendAsync(HttpMethod.Delete, $"/{index}/_doc/1?refresh=true");
        await _node.PutAsync($"/{index}/_doc/2?refresh=true", new { a = 3 });

        var response = await _node.PostAsync("/_search", new { version = true, pit = new { id = pit }, sort = new[] { new { _shard_doc = "asc" } } });

        var hit = Assert.Single(response["hits"]!["hits"]!.AsArray());
        Assert.Equal("1", hit!["_id"]!.GetValue<string>());
        Assert.Equal(2, hit["_version"]!.GetValue<long>());
        Assert.Equal(2, hit["_source"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task ShardDoc_NewPitAfterDeletesAndUpdates_ResumesWithoutGapOrRepeat()
    {
        var index = LocalNodeFixture.NewIndexName("pitres");
        await _node.PostAsync("/_bulk?refresh=true", string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{i}\"}}}}\n{{\"n\":{i}}}\n")));
        var firstPit = (await _node.PostAsync($"/{index}/_pit?keep_alive=1m"))["id"]!.GetValue<string>();
        var firstPage = (await _node.PostAsync("/_search", new { size = 5, pit = new { id = firstPit }, sort = new[] { new { _shard_doc = "asc" } } }))["hits"]!["hits"]!.AsArray();
        var checkpoint = firstPage[^1]!["sort"]!.DeepClone();
        await _node.SendAsync(HttpMethod.Delete, $"/{index}/_doc/1?refresh=true");
        await _node.PutAsync($"/{index}/_doc/2?refresh=true", new { n = 20 });
        var secondPit = (await _node.PostAsync($"/{index}/_pit?keep_alive=1m"))["id"]!.GetValue<string>();

        var rest = (await _node.PostAsync("/_search", new JsonObject
        {
            ["size"] = 50,
            ["pit"] = new JsonObject { ["id"] = secondPit },
            ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
            ["search_after"] = checkpoint,
        }.ToJsonString()))["hits"]!["hits"]!.AsArray();

        Assert.Equal(new[] { "0", "1", "2", "3", "4" }, firstPage.Select(h => h!["_id"]!.GetValue<string>()));
        Assert.Equal(new[] { "5", "6", "7", "8", "9", "2" }, rest.Select(h => h!["_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ClosePit_Unknown_Answers404()
    {
        var response = await _node.SendAsync(HttpMethod.Delete, "/_pit", new { id = "bm90LWEtcGl0" }, ensureSuccess: false);

        Assert.Equal(404, response["__status"]!.GetValue<int>());
    }
}
