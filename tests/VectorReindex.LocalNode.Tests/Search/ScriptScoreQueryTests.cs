using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>
/// script_score with the score-script subset of Painless: the vector functions over indexed and
/// non-indexed dense_vector fields, doc values, params, min_score and boost, and Elasticsearch's errors
/// for a missing vector, a query vector of other dimensions, a negative score and an unknown symbol.
/// </summary>
public sealed class ScriptScoreQueryTests : IClassFixture<LocalNodeFixture>
{
    private static readonly float[][] Vectors =
    {
        new[] { 230.0f, 300.33f, -34.8988f, 15.555f, -200.0f },
        new[] { -0.5f, 100.0f, -13f, 14.8f, -156.0f },
        new[] { 0.5f, 111.3f, -13.0f, 14.8f, -156.0f },
    };

    private static readonly float[] Query = { 0.5f, 111.3f, -13.0f, 14.8f, -156.0f };

    private readonly LocalNodeFixture _node;

    public ScriptScoreQueryTests(LocalNodeFixture node) => _node = node;

    private async Task<string> IndexAsync(bool withMissing = false)
    {
        var index = LocalNodeFixture.NewIndexName("script");
        await _node.PutAsync($"/{index}", new
        {
            mappings = new
            {
                properties = new
                {
                    vector = new { type = "dense_vector", dims = 5, index = false },
                    indexed_vector = new { type = "dense_vector", dims = 5, index = true, similarity = "cosine" },
                    rank = new { type = "long" },
                },
            },
        });
        var bulk = new System.Text.StringBuilder();
        for (var i = 0; i < Vectors.Length; i++)
        {
            var vector = new JsonArray(Vectors[i].Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()).ToJsonString();
            bulk.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{i + 1}\"}}}}\n{{\"vector\":{vector},\"indexed_vector\":{vector},\"rank\":{(i + 1) * 7}}}\n");
        }
        if (withMissing)
            bulk.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"4\"}}}}\n{{\"rank\":1}}\n");
        await _node.PostAsync("/_bulk?refresh=true", bulk.ToString());
        return index;
    }

    private async Task<JsonNode> ScoreAsync(string index, string source, object? parameters = null, object? extra = null, bool ensureSuccess = true)
    {
        var scriptScore = new JsonObject
        {
            ["query"] = new JsonObject { ["match_all"] = new JsonObject() },
            ["script"] = new JsonObject { ["source"] = source, ["params"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(parameters ?? new { query_vector = Query })) },
        };
        if (extra != null)
            foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject())
                scriptScore[key] = value?.DeepClone();
        return await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", new JsonObject { ["query"] = new JsonObject { ["script_score"] = scriptScore } }, ensureSuccess: ensureSuccess);
    }

    private static Dictionary<string, double> Scores(JsonNode response) =>
        response["hits"]!["hits"]!.AsArray().ToDictionary(h => h!["_id"]!.GetValue<string>(), h => h!["_score"]!.GetValue<double>());

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Theory]
    [InlineData("vector")]
    [InlineData("indexed_vector")]
    public async Task VectorFunctions_ScoreEachDocumentAsElasticsearchDoes(string field)
    {
        var index = await IndexAsync();

        var dot = Scores(await ScoreAsync(index, $"dotProduct(params.query_vector, '{field}')"));
        var cosine = Scores(await ScoreAsync(index, $"cosineSimilarity(params['query_vector'], doc['{field}']) + 1.0"));
        var l1 = Scores(await ScoreAsync(index, $"l1norm(params.query_vector, '{field}')"));
        var l2 = Scores(await ScoreAsync(index, $"1 / (1 + l2norm(params.query_vector, '{field}'))"));

        for (var i = 0; i < Vectors.Length; i++)
        {
            var id = (i + 1).ToString();
            var v = Vectors[i];
            Assert.Equal(Dot(Query, v), dot[id], 0.01);
            Assert.Equal(Dot(Query, v) / Math.Sqrt(Dot(Query, Query) * Dot(v, v)) + 1, cosine[id], 1e-5);
            Assert.Equal(Query.Zip(v, (x, y) => Math.Abs((double)x - y)).Sum(), l1[id], 1e-3);
            Assert.Equal(1 / (1 + Math.Sqrt(Query.Zip(v, (x, y) => ((double)x - y) * (x - y)).Sum())), l2[id], 1e-6);
        }
        Assert.Equal(new[] { "3", "2", "1" }, (await ScoreAsync(index, $"cosineSimilarity(params.query_vector, '{field}')"))["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DocValuesParamsAndLocals_FollowPainlessArithmetic()
    {
        var index = await IndexAsync();

        // rank is a long: 7 / 10 is 0 and 14 / 10 is 1 in Painless, as in Java.
        var integer = Scores(await ScoreAsync(index, "doc['rank'].value / 10"));
        var mixed = Scores(await ScoreAsync(index, "double r = doc['rank'].value; return Math.log(params.base + r) * params.factor;", new { @base = 2, factor = 0.5 }));
        var ternary = Scores(await ScoreAsync(index, "doc['rank'].value > 10 && !(doc['rank'].value == 21) ? saturation(doc['rank'].value, 7) : 0"));

        Assert.Equal(new Dictionary<string, double> { ["1"] = 0, ["2"] = 1, ["3"] = 2 }, integer);
        Assert.Equal(Math.Log(2 + 14) * 0.5, mixed["2"], 1e-5);
        Assert.Equal(14.0 / (7 + 14), ternary["2"], 1e-6);
        Assert.Equal(0, ternary["1"]);
        Assert.Equal(0, ternary["3"]);
    }

    [Fact]
    public async Task MinScoreAndBoost_FilterThenMultiply()
    {
        var index = await IndexAsync();

        var response = await ScoreAsync(index, "doc['rank'].value", extra: new { min_score = 10, boost = 2 });

        Assert.Equal(new Dictionary<string, double> { ["2"] = 28, ["3"] = 42 }, Scores(response));
    }

    [Fact]
    public async Task MissingVector_IsAScriptException_UnlessTheScriptGuardsWithSize()
    {
        var index = await IndexAsync(withMissing: true);

        var unguarded = await ScoreAsync(index, "cosineSimilarity(params.query_vector, 'vector')", ensureSuccess: false);
        var guarded = Scores(await ScoreAsync(index, "doc['vector'].size() == 0 ? 0 : cosineSimilarity(params.query_vector, 'vector')"));

        Assert.Equal(400, unguarded["__status"]!.GetValue<int>());
        Assert.Equal("script_exception", unguarded["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("A document doesn't have a value for a vector field!", unguarded["error"]!["caused_by"]!["reason"]!.GetValue<string>());
        Assert.Equal(0, guarded["4"]);
        Assert.Equal(4, guarded.Count);
    }

    [Fact]
    public async Task Errors_NameTheProblemAsElasticsearchDoes()
    {
        var index = await IndexAsync();

        var dims = await ScoreAsync(index, "dotProduct(params.query_vector, 'vector')", new { query_vector = new[] { 1, 2, 3, 4 } }, ensureSuccess: false);
        var negative = await ScoreAsync(index, "-1", ensureSuccess: false);
        var unknown = await ScoreAsync(index, "doc['rank'].value * frobnicate", ensureSuccess: false);

        Assert.Equal("script_exception", dims["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("The query vector has a different number of dimensions [4] than the document vectors [5].", dims["error"]!["caused_by"]!["reason"]!.GetValue<string>());
        Assert.Equal(400, negative["__status"]!.GetValue<int>());
        Assert.StartsWith("script_score script returned an invalid score [-1.0] for doc [", negative["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("compile error", unknown["error"]!["root_cause"]![0]!["reason"]!.GetValue<string>());
        Assert.Contains("frobnicate", unknown["error"]!["caused_by"]!["reason"]!.GetValue<string>());
    }
}
