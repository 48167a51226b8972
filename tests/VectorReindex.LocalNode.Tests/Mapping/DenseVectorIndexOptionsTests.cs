using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Mapping;

/// <summary>dense_vector index_options rescore_vector and early_termination, by the version the node presents.</summary>
public sealed class DenseVectorIndexOptionsTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> CreateAsync(TestNode node, string index, JsonObject vector)
        => await node.PutAsync($"/{index}", new JsonObject { ["mappings"] = new JsonObject { ["properties"] = new JsonObject { ["vector"] = vector } } }.ToJsonString());

    private static async Task<JsonNode> IndexOptionsAsync(TestNode node, string index)
        => (await node.GetAsync($"/{index}/_mapping")).Body![index]!["mappings"]!["properties"]!["vector"]!["index_options"]!;

    [Fact]
    public async Task IndexOptions_Default_ShowsEarlyTerminationFalseFrom93()
    {
        await using var current = await TestNode.StartAsync(esVersion: "9.4.0");
        await using var older = await TestNode.StartAsync(esVersion: "9.2.0");
        var vector = new JsonObject { ["type"] = "dense_vector", ["dims"] = 5 };

        await CreateAsync(current, "v", vector);
        await CreateAsync(older, "v", (JsonObject)vector.DeepClone());

        Assert.False((await IndexOptionsAsync(current, "v"))["early_termination"]!.GetValue<bool>());
        Assert.Null((await IndexOptionsAsync(older, "v"))["early_termination"]);
    }

    [Fact]
    public async Task IndexOptions_EarlyTerminationOnFlat_IsUnsupportedParameter()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.4.0");

        var (status, body) = await CreateAsync(node, "v", new JsonObject
        {
            ["type"] = "dense_vector", ["dims"] = 5, ["index_options"] = new JsonObject { ["type"] = "flat", ["early_termination"] = true },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unsupported parameters:  [early_termination : true]", body!["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task IndexOptions_RescoreVectorOnQuantizedType_IsKeptInTheMapping()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.4.0");

        var (status, _) = await CreateAsync(node, "v", new JsonObject
        {
            ["type"] = "dense_vector", ["dims"] = 4, ["index_options"] = new JsonObject { ["type"] = "int8_hnsw", ["rescore_vector"] = new JsonObject { ["oversample"] = 2.5 } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2.5, (await IndexOptionsAsync(node, "v"))["rescore_vector"]!["oversample"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("9.4.0", "hnsw", 2.0, "unsupported parameters:  [rescore_vector")]
    [InlineData("9.4.0", "int8_hnsw", 11.0, "Invalid oversample value [11.0]. Must be between 1.0 and 10.0 or 0")]
    [InlineData("8.17.0", "int8_hnsw", 2.0, "unsupported parameters:  [rescore_vector")]
    public async Task IndexOptions_RescoreVectorNotAllowed_IsMapperParsingException(string version, string type, double oversample, string reason)
    {
        await using var node = await TestNode.StartAsync(esVersion: version);

        var (status, body) = await CreateAsync(node, "v", new JsonObject
        {
            ["type"] = "dense_vector", ["dims"] = 4, ["index_options"] = new JsonObject { ["type"] = type, ["rescore_vector"] = new JsonObject { ["oversample"] = oversample } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("mapper_parsing_exception", body!["error"]!["type"]!.GetValue<string>());
        Assert.Contains(reason, body["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Knn_RescoreVectorOversample_ReturnsTheSameScoresAndRejectsBelowOne()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.4.0");
        await CreateAsync(node, "v", new JsonObject { ["type"] = "dense_vector", ["dims"] = 2, ["similarity"] = "l2_norm", ["index_options"] = new JsonObject { ["type"] = "int8_hnsw" } });
        await node.BulkAsync("/v/_bulk?refresh=true", "{\"index\":{\"_id\":\"1\"}}", "{\"vector\":[1,1]}", "{\"index\":{\"_id\":\"2\"}}", "{\"vector\":[5,3]}", "{\"index\":{\"_id\":\"3\"}}", "{\"vector\":[-2,7]}");
        JsonObject Knn(double? oversample)
        {
            var knn = new JsonObject { ["field"] = "vector", ["query_vector"] = new JsonArray(1, 2), ["k"] = 2, ["num_candidates"] = 3 };
            if (oversample != null)
                knn["rescore_vector"] = new JsonObject { ["oversample"] = oversample };
            return new JsonObject { ["knn"] = knn };
        }

        var plain = (await node.PostAsync("/v/_search", Knn(null).ToJsonString())).Body!["hits"]!["hits"]!.AsArray();
        var rescored = (await node.PostAsync("/v/_search", Knn(1.5).ToJsonString())).Body!["hits"]!["hits"]!.AsArray();
        var (status, error) = await node.PostAsync("/v/_search", Knn(0.5).ToJsonString());

        Assert.Equal(plain.Select(h => (h!["_id"]!.GetValue<string>(), h["_score"]!.GetValue<double>())), rescored.Select(h => (h!["_id"]!.GetValue<string>(), h["_score"]!.GetValue<double>())));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("[oversample] must be >= 1.0", error!["error"]!["caused_by"]!["reason"]!.GetValue<string>());
    }
}
