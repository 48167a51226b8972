using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>
/// The nested field type and the nested query as Elasticsearch documents them: each object of a nested
/// array matched on its own, score_mode, ignore_unmapped, inner_hits, the errors for a wrong path, and
/// kNN on a nested dense_vector (a parent scores with its nearest object, k counts parents).
/// </summary>
public sealed class NestedQueryTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public NestedQueryTests(LocalNodeFixture node) => _node = node;

    private async Task<string> UsersIndexAsync(bool includeInParent = false)
    {
        var index = LocalNodeFixture.NewIndexName("nested");
        await _node.PutAsync($"/{index}", new
        {
            mappings = new
            {
                properties = new
                {
                    group = new { type = "keyword" },
                    user = new
                    {
                        type = "nested",
                        include_in_parent = includeInParent,
                        properties = new { first = new { type = "keyword" }, last = new { type = "keyword" } },
                    },
                },
            },
        });
        await _node.PostAsync("/_bulk?refresh=true",
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"1\"}}}}\n{{\"group\":\"fans\",\"user\":[{{\"first\":\"John\",\"last\":\"Smith\"}},{{\"first\":\"Alice\",\"last\":\"White\"}}]}}\n" +
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"2\"}}}}\n{{\"group\":\"fans\",\"user\":{{\"first\":\"Alice\",\"last\":\"Smith\"}}}}\n" +
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"3\"}}}}\n{{\"group\":\"none\"}}\n");
        return index;
    }

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = value } };

    private static JsonObject BothTerms(string first, string last) => new()
    {
        ["bool"] = new JsonObject { ["must"] = new JsonArray(Term("user.first", first), Term("user.last", last)) },
    };

    private Task<JsonObject> SearchAsync(string index, JsonObject body, bool ensureSuccess = true)
        => _node.SendAsync(HttpMethod.Post, $"/{index}/_search", body, ensureSuccess);

    private static JsonObject NestedBody(JsonNode query, string path = "user", JsonObject? options = null)
    {
        var nested = new JsonObject { ["path"] = path, ["query"] = query };
        foreach (var (key, value) in options ?? new JsonObject())
            nested[key] = value?.DeepClone();
        return new JsonObject { ["query"] = new JsonObject { ["nested"] = nested } };
    }

    private static string[] Ids(JsonObject response)
        => response["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()).Order().ToArray();

    [Fact]
    public async Task NestedQuery_ConditionsOnTwoFields_MatchWithinOneObjectOnly()
    {
        var index = await UsersIndexAsync();

        var aliceSmith = await SearchAsync(index, NestedBody(BothTerms("Alice", "Smith")));
        var aliceWhite = await SearchAsync(index, NestedBody(BothTerms("Alice", "White")));

        Assert.Equal(new[] { "2" }, Ids(aliceSmith));
        Assert.Equal(new[] { "1" }, Ids(aliceWhite));
    }

    [Fact]
    public async Task RootQuery_OnNestedField_SeesItOnlyWithIncludeInParent()
    {
        var plain = await UsersIndexAsync();
        var included = await UsersIndexAsync(includeInParent: true);
        var body = new JsonObject { ["query"] = Term("user.first", "Alice") };

        Assert.Empty(Ids(await SearchAsync(plain, body)));
        Assert.Equal(new[] { "1", "2" }, Ids(await SearchAsync(included, (JsonObject)body.DeepClone())));
        Assert.Empty(Ids(await SearchAsync(plain, new JsonObject { ["query"] = new JsonObject { ["exists"] = new JsonObject { ["field"] = "user" } } })));
        Assert.Equal(new[] { "1", "2" }, Ids(await SearchAsync(plain, NestedBody(new JsonObject { ["exists"] = new JsonObject { ["field"] = "user.first" } }))));
        // The parent's own fields are not seen from inside the nested objects.
        Assert.Empty(Ids(await SearchAsync(plain, NestedBody(Term("group", "fans")))));
    }

    [Theory]
    [InlineData(null, 3.0)]
    [InlineData("avg", 3.0)]
    [InlineData("max", 4.0)]
    [InlineData("min", 2.0)]
    [InlineData("sum", 6.0)]
    [InlineData("none", 0.0)]
    public async Task ScoreMode_CombinesTheMatchingObjectsScores(string? mode, double expected)
    {
        var index = await UsersIndexAsync();
        JsonObject Constant(string value, double boost) => new()
        {
            ["constant_score"] = new JsonObject { ["filter"] = Term("user.first", value), ["boost"] = boost },
        };
        var query = new JsonObject { ["bool"] = new JsonObject { ["should"] = new JsonArray(Constant("John", 2), Constant("Alice", 4)) } };
        var body = NestedBody(query, options: mode == null ? null : new JsonObject { ["score_mode"] = mode });
        body["query"] = new JsonObject
        {
            ["bool"] = new JsonObject { ["must"] = new JsonArray(body["query"]!.DeepClone()), ["filter"] = new JsonArray(Term("_id", "1")) },
        };

        var response = await SearchAsync(index, body);

        var hit = Assert.Single(response["hits"]!["hits"]!.AsArray());
        Assert.Equal(expected, hit!["_score"]!.GetValue<double>(), 5);
    }

    [Fact]
    public async Task NestedQuery_WrongPath_FailsAsElasticsearchDoes_OrMatchesNothingWhenIgnored()
    {
        var index = await UsersIndexAsync();
        var query = Term("user.first", "Alice");

        var unmapped = await SearchAsync(index, NestedBody(query.DeepClone(), "missing"), ensureSuccess: false);
        var notNested = await SearchAsync(index, NestedBody(query.DeepClone(), "group"), ensureSuccess: false);
        var ignored = await SearchAsync(index, NestedBody(query.DeepClone(), "missing", new JsonObject { ["ignore_unmapped"] = true }));
        var noQuery = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", new JsonObject { ["query"] = new JsonObject { ["nested"] = new JsonObject { ["path"] = "user" } } }, ensureSuccess: false);

        Assert.Equal(400, unmapped["__status"]!.GetValue<int>());
        Assert.Equal("query_shard_exception", unmapped["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.Contains("[nested] failed to find nested object under path [missing]", unmapped["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(400, notNested["__status"]!.GetValue<int>());
        Assert.Contains("[nested] failed to find nested object under path [group]", notNested.ToJsonString());
        Assert.Empty(Ids(ignored));
        Assert.Equal(400, noQuery["__status"]!.GetValue<int>());
        Assert.Equal("[nested] requires 'query' field", noQuery["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sort_OnNestedFieldWithoutNestedContext_IsRefusedAsElasticsearchDoes()
    {
        var index = await UsersIndexAsync();

        var response = await SearchAsync(index, new JsonObject { ["sort"] = new JsonArray(new JsonObject { ["user.first"] = "asc" }) }, ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Equal("it is mandatory to set the [nested] context on the nested sort field: [user.first].", response["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
    }

    // Document 1 holds John Smith and Alice White, document 2 Alice Smith; ties go in index order.
    [Theory]
    [InlineData("asc", null, null, new[] { "1", "2" })]
    [InlineData("asc", "max", null, new[] { "2", "1" })]
    [InlineData("desc", null, null, new[] { "1", "2" })]
    [InlineData("asc", null, "Smith", new[] { "2", "1" })]
    [InlineData("asc", null, "White", new[] { "1", "2" })]
    public async Task Sort_WithNestedContext_SortsByTheObjectsValues(string order, string? mode, string? onlyLast, string[] expected)
    {
        var index = await UsersIndexAsync();
        var nested = new JsonObject { ["path"] = "user" };
        if (onlyLast != null)
            nested["filter"] = Term("user.last", onlyLast);
        var key = new JsonObject { ["order"] = order, ["nested"] = nested };
        if (mode != null)
            key["mode"] = mode;

        var response = await SearchAsync(index, new JsonObject
        {
            ["query"] = Term("group", "fans"),
            ["sort"] = new JsonArray(new JsonObject { ["user.first"] = key }, "_doc"),
        });

        Assert.Equal(expected, response["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task NestedQuery_OnPlainObjectPath_SaysItIsNotNested()
    {
        var index = LocalNodeFixture.NewIndexName("nested");
        await _node.PutAsync($"/{index}", new { mappings = new { properties = new { owner = new { properties = new { name = new { type = "keyword" } } } } } });

        var response = await SearchAsync(index, NestedBody(Term("owner.name", "x"), "owner"), ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Contains("[nested] nested object under path [owner] is not of nested type", response.ToJsonString());
    }

    [Fact]
    public async Task InnerHits_ShowTheMatchingObjects_WithOffsetSourceAndSize()
    {
        var index = await UsersIndexAsync();
        var query = new JsonObject { ["terms"] = new JsonObject { ["user.first"] = new JsonArray("John", "Alice") } };

        var all = await SearchAsync(index, NestedBody(query.DeepClone(), options: new JsonObject { ["inner_hits"] = new JsonObject() }));
        var one = await SearchAsync(index, NestedBody(query.DeepClone(), options: new JsonObject
        {
            ["inner_hits"] = new JsonObject { ["name"] = "people", ["size"] = 1, ["from"] = 1, ["_source"] = false, ["fields"] = new JsonArray("user.last") },
        }));

        var first = all["hits"]!["hits"]!.AsArray().Single(h => h!["_id"]!.GetValue<string>() == "1")!;
        var inner = first["inner_hits"]!["user"]!["hits"]!;
        Assert.Equal(2, inner["total"]!["value"]!.GetValue<int>());
        var offsets = inner["hits"]!.AsArray().Select(h => h!["_nested"]!["offset"]!.GetValue<int>()).Order().ToArray();
        Assert.Equal(new[] { 0, 1 }, offsets);
        var alice = inner["hits"]!.AsArray().Single(h => h!["_nested"]!["offset"]!.GetValue<int>() == 1)!;
        Assert.Equal("user", alice["_nested"]!["field"]!.GetValue<string>());
        Assert.Equal("1", alice["_id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first":"Alice","last":"White"}"""), alice["_source"]));

        var paged = one["hits"]!["hits"]!.AsArray().Single(h => h!["_id"]!.GetValue<string>() == "1")!["inner_hits"]!["people"]!["hits"]!;
        Assert.Equal(2, paged["total"]!["value"]!.GetValue<int>());
        var only = Assert.Single(paged["hits"]!.AsArray())!;
        Assert.Null(only["_source"]);
        Assert.Equal("White", only["fields"]!["user"]!.AsArray().Single()!["last"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public async Task Fields_OfNestedObjects_AreGroupedPerObjectWithRelativeNames()
    {
        var index = await UsersIndexAsync();

        var response = await SearchAsync(index, new JsonObject
        {
            ["query"] = new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray("1") } },
            ["fields"] = new JsonArray("group", "user.first"),
        });

        var fields = response["hits"]!["hits"]![0]!["fields"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":["fans"],"user":[{"first":["John"]},{"first":["Alice"]}]}"""), fields), fields.ToJsonString());
    }

    [Fact]
    public async Task InnerHits_VersionAndSeqNo_AreTheDocuments()
    {
        var index = await UsersIndexAsync();
        await _node.SendAsync(HttpMethod.Put, $"/{index}/_doc/2?refresh=true", new JsonObject { ["user"] = new JsonObject { ["first"] = "Alice", ["last"] = "Jones" } });

        var response = await SearchAsync(index, NestedBody(Term("user.first", "Alice"), options: new JsonObject
        {
            ["inner_hits"] = new JsonObject { ["version"] = true, ["seq_no_primary_term"] = true },
        }));

        var hit = response["hits"]!["hits"]!.AsArray().Single(h => h!["_id"]!.GetValue<string>() == "2")!;
        var inner = hit["inner_hits"]!["user"]!["hits"]!["hits"]![0]!;
        Assert.Equal(2, inner["_version"]!.GetValue<int>());
        Assert.Equal(3, inner["_seq_no"]!.GetValue<int>());
        Assert.Equal(1, inner["_primary_term"]!.GetValue<int>());
        Assert.Equal("Jones", inner["_source"]!["last"]!.GetValue<string>());
    }

    [Fact]
    public async Task NestedAggregation_CountsObjects_AndReverseNestedCountsTheirDocuments()
    {
        var index = await UsersIndexAsync();

        var response = await SearchAsync(index, new JsonObject
        {
            ["size"] = 0,
            ["aggs"] = JsonNode.Parse("""
                {"users": {"nested": {"path": "user"}, "aggs": {
                    "first": {"terms": {"field": "user.first"}, "aggs": {"docs": {"reverse_nested": {}, "aggs": {"groups": {"terms": {"field": "group"}}}}}}}},
                 "flat": {"terms": {"field": "user.first"}}}
                """),
        });

        var users = response["aggregations"]!["users"]!;
        Assert.Equal(3, users["doc_count"]!.GetValue<int>());
        var alice = users["first"]!["buckets"]!.AsArray().Single(b => b!["key"]!.GetValue<string>() == "Alice")!;
        Assert.Equal(2, alice["doc_count"]!.GetValue<int>());
        Assert.Equal(2, alice["docs"]!["doc_count"]!.GetValue<int>());
        Assert.Equal(2, alice["docs"]!["groups"]!["buckets"]![0]!["doc_count"]!.GetValue<int>());
        // Outside a nested aggregation the objects' fields are not the documents' own.
        Assert.Empty(response["aggregations"]!["flat"]!["buckets"]!.AsArray());
    }

    [Fact]
    public async Task InnerHits_OfANestedPathInsideAnother_NameEachLevelsFieldAndOffset()
    {
        var index = LocalNodeFixture.NewIndexName("nested");
        await _node.PutAsync($"/{index}", JsonNode.Parse("""
            {"mappings": {"properties": {"comments": {"type": "nested", "properties": {"votes": {"type": "nested", "properties": {"value": {"type": "long"}}}}}}}}
            """));
        await _node.SendAsync(HttpMethod.Put, $"/{index}/_doc/1?refresh=true", JsonNode.Parse("""
            {"comments": [{"votes": [{"value": 1}]}, {"votes": [{"value": 2}, {"value": 3}]}]}
            """));

        var response = await SearchAsync(index, NestedBody(Term("comments.votes.value", "3"), "comments.votes", new JsonObject { ["inner_hits"] = new JsonObject() }));

        var identity = response["hits"]!["hits"]![0]!["inner_hits"]!["comments.votes"]!["hits"]!["hits"]![0]!["_nested"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"field":"comments","offset":1,"_nested":{"field":"votes","offset":1}}"""), identity), identity.ToJsonString());
    }

    [Fact]
    public async Task InnerHits_UnsupportedOption_IsRefusedByName()
    {
        var index = await UsersIndexAsync();

        var response = await SearchAsync(index, NestedBody(Term("user.first", "John"), options: new JsonObject
        {
            ["inner_hits"] = new JsonObject { ["highlight"] = new JsonObject() },
        }), ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Contains("[inner_hits] option [highlight]", response.ToJsonString());
    }

    private async Task<string> ParagraphsIndexAsync()
    {
        var index = LocalNodeFixture.NewIndexName("nestedknn");
        await _node.PutAsync($"/{index}", new
        {
            mappings = new
            {
                properties = new
                {
                    category = new { type = "keyword" },
                    paragraphs = new
                    {
                        type = "nested",
                        properties = new
                        {
                            id = new { type = "keyword" },
                            vector = new { type = "dense_vector", dims = 2, index = true, similarity = "l2_norm" },
                        },
                    },
                },
            },
        });
        // Document a holds the three objects nearest to [0, 0]; b's one object comes next, c's last.
        await _node.PostAsync("/_bulk?refresh=true",
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"a\"}}}}\n{{\"category\":\"x\",\"paragraphs\":[{{\"id\":\"a0\",\"vector\":[1,0]}},{{\"id\":\"a1\",\"vector\":[0,1]}},{{\"id\":\"a2\",\"vector\":[1,1]}}]}}\n" +
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"b\"}}}}\n{{\"category\":\"y\",\"paragraphs\":[{{\"id\":\"b0\",\"vector\":[3,0]}}]}}\n" +
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"c\"}}}}\n{{\"category\":\"x\",\"paragraphs\":[{{\"id\":\"c0\",\"vector\":[9,9]}},{{\"id\":\"c1\",\"vector\":[5,0]}}]}}\n");
        return index;
    }

    private static double L2Score(double distance) => 1 / (1 + distance * distance);

    [Fact]
    public async Task KnnSection_OnNestedVector_CountsParentsAndScoresEachWithItsNearestObject()
    {
        var index = await ParagraphsIndexAsync();

        var response = await SearchAsync(index, new JsonObject
        {
            ["knn"] = new JsonObject { ["field"] = "paragraphs.vector", ["query_vector"] = new JsonArray(0, 0), ["k"] = 2, ["num_candidates"] = 10 },
        });

        var hits = response["hits"]!["hits"]!.AsArray();
        Assert.Equal(new[] { "a", "b" }, hits.Select(h => h!["_id"]!.GetValue<string>()).ToArray());
        Assert.Equal(L2Score(1), hits[0]!["_score"]!.GetValue<double>(), 5);
        Assert.Equal(L2Score(3), hits[1]!["_score"]!.GetValue<double>(), 5);
    }

    [Fact]
    public async Task KnnSection_InnerHits_RankTheSelectedDocumentsObjectsByTheQueryVector()
    {
        var index = await ParagraphsIndexAsync();

        var response = await SearchAsync(index, new JsonObject
        {
            ["knn"] = new JsonObject
            {
                ["field"] = "paragraphs.vector", ["query_vector"] = new JsonArray(0, 0), ["k"] = 1, ["num_candidates"] = 10,
                ["inner_hits"] = new JsonObject { ["size"] = 2, ["_source"] = false, ["fields"] = new JsonArray("paragraphs.id") },
            },
        });

        var hit = Assert.Single(response["hits"]!["hits"]!.AsArray())!;
        var inner = hit["inner_hits"]!["paragraphs"]!["hits"]!;
        Assert.Equal(3, inner["total"]!["value"]!.GetValue<int>());
        var shown = inner["hits"]!.AsArray();
        Assert.Equal(2, shown.Count);
        Assert.All(shown, h => Assert.Equal(L2Score(1), h!["_score"]!.GetValue<double>(), 5));
        Assert.Equal(new[] { "a0", "a1" }, shown.Select(h => h!["fields"]!["paragraphs"]![0]!["id"]![0]!.GetValue<string>()).Order().ToArray());
    }

    [Fact]
    public async Task KnnSection_OnNestedVector_FiltersTheParents()
    {
        var index = await ParagraphsIndexAsync();

        var response = await SearchAsync(index, new JsonObject
        {
            ["knn"] = new JsonObject
            {
                ["field"] = "paragraphs.vector", ["query_vector"] = new JsonArray(0, 0), ["k"] = 2, ["num_candidates"] = 10,
                ["filter"] = Term("category", "x"),
            },
        });

        var hits = response["hits"]!["hits"]!.AsArray();
        Assert.Equal(new[] { "a", "c" }, hits.Select(h => h!["_id"]!.GetValue<string>()).ToArray());
        Assert.Equal(L2Score(5), hits[1]!["_score"]!.GetValue<double>(), 5);
    }

    [Fact]
    public async Task KnnQuery_InNestedQuery_CountsParents_AndInnerHitsRankAllTheDocumentsObjects()
    {
        var index = await ParagraphsIndexAsync();
        var knn = new JsonObject { ["knn"] = new JsonObject { ["field"] = "paragraphs.vector", ["query_vector"] = new JsonArray(0, 0), ["k"] = 2 } };

        var response = await SearchAsync(index, NestedBody(knn, "paragraphs", new JsonObject { ["inner_hits"] = new JsonObject { ["size"] = 2 } }));

        Assert.Equal(2, response["hits"]!["total"]!["value"]!.GetValue<int>());
        var hits = response["hits"]!["hits"]!.AsArray();
        Assert.Equal(new[] { "a", "b" }, hits.Select(h => h!["_id"]!.GetValue<string>()).ToArray());
        var inner = hits[0]!["inner_hits"]!["paragraphs"]!["hits"]!;
        Assert.Equal(3, inner["total"]!["value"]!.GetValue<int>());
        var shown = inner["hits"]!.AsArray();
        Assert.Equal(new[] { "a0", "a1" }, shown.Select(h => h!["_source"]!["id"]!.GetValue<string>()).Order().ToArray());
        Assert.All(shown, h => Assert.Equal(L2Score(1), h!["_score"]!.GetValue<double>(), 5));
    }

    [Fact]
    public async Task KnnQuery_InNestedQuery_FiltersOnTheObjectsOrOnTheirDocuments()
    {
        var index = await ParagraphsIndexAsync();
        JsonObject Knn(JsonObject filter) => new()
        {
            ["knn"] = new JsonObject { ["field"] = "paragraphs.vector", ["query_vector"] = new JsonArray(0, 0), ["k"] = 3, ["filter"] = filter },
        };

        var byDocument = await SearchAsync(index, NestedBody(Knn(Term("category", "y")), "paragraphs"));
        var byObject = await SearchAsync(index, NestedBody(Knn(Term("paragraphs.id", "a2")), "paragraphs"));

        Assert.Equal(new[] { "b" }, Ids(byDocument));
        var hit = Assert.Single(byObject["hits"]!["hits"]!.AsArray())!;
        Assert.Equal("a", hit["_id"]!.GetValue<string>());
        Assert.Equal(L2Score(Math.Sqrt(2)), hit["_score"]!.GetValue<double>(), 5);
    }

    [Fact]
    public async Task NestedVector_InADocument_IsCheckedAgainstTheMapping()
    {
        var index = await ParagraphsIndexAsync();

        var response = await _node.SendAsync(HttpMethod.Put, $"/{index}/_doc/bad", new JsonObject
        {
            ["paragraphs"] = new JsonArray(new JsonObject { ["vector"] = new JsonArray(1, 2, 3) }),
        }, ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Contains("has more dimensions than defined in the mapping [2]", response.ToJsonString());
    }
}
