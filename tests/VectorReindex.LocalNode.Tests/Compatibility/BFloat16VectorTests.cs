using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Compatibility;

/// <summary>
/// element_type bfloat16 (9.3+) stores each value rounded to bfloat16 (nearest, ties to even): scores
/// see the rounded values, and an index that leaves vectors out of _source returns them rounded.
/// 1.01 and 3.3 round to 1.0078125 and 3.296875 (bfloat16 keeps 8 bits of significand).
/// </summary>
public sealed class BFloat16VectorTests
{
    private static async Task<TestNode> NodeWithDocumentAsync(string version, string settings = "{}")
    {
        var node = await TestNode.StartAsync(esVersion: version);
        Assert.Equal(HttpStatusCode.OK, (await node.PutAsync("/items", """{"settings":""" + settings + ""","mappings":{"properties":{"embedding":{"type":"dense_vector","dims":2,"element_type":"bfloat16","similarity":"l2_norm","index_options":{"type":"flat"}}}}}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await node.PutAsync("/items/_doc/1?refresh=true", """{"embedding":[1.01,3.3]}""")).Status);
        return node;
    }

    private static async Task<double> ScoreAsync(TestNode node, string queryVector)
        => (double)(await node.PostAsync("/items/_search", $$$"""{"knn":{"field":"embedding","query_vector":{{{queryVector}}},"k":1,"num_candidates":10}}""")).Body!["hits"]!["hits"]![0]!["_score"]!;

    [Theory]
    [InlineData("9.3.0")]
    [InlineData("9.4.0")]
    public async Task BFloat16Field_ScoresAgainstTheRoundedValues(string version)
    {
        await using var node = await NodeWithDocumentAsync(version);

        var atRounded = await ScoreAsync(node, "[1.0078125,3.296875]");
        var atGiven = await ScoreAsync(node, "[1.01,3.3]");

        Assert.Equal(1.0, atRounded);
        var squaredDistance = Math.Pow(1.01f - 1.0078125, 2) + Math.Pow(3.3f - 3.296875, 2);
        Assert.Equal(1 / (1 + squaredDistance), atGiven, 5);
        Assert.True(atGiven < 1.0);
    }

    [Fact]
    public async Task BFloat16Field_OnAnIndexLeavingVectorsOut_ReturnsThemRoundedWhenAsked()
    {
        await using var node = await NodeWithDocumentAsync("9.3.0");

        var source = (await node.GetAsync("/items/_doc/1?_source_exclude_vectors=false")).Body!["_source"]!;

        Assert.Equal(new[] { 1.0078125, 3.296875 }, source["embedding"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public async Task BFloat16Field_OnAnIndexKeepingVectorsInSource_ReturnsThemAsGiven()
    {
        await using var node = await NodeWithDocumentAsync("9.3.0", """{"index.mapping.exclude_source_vectors":false}""");

        var source = (await node.GetAsync("/items/_doc/1")).Body!["_source"]!;

        Assert.Equal(new[] { 1.01, 3.3 }, source["embedding"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public async Task BFloat16_Before93_IsNotAnElementType()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.2.0");

        var (status, body) = await node.PutAsync("/items", """{"mappings":{"properties":{"embedding":{"type":"dense_vector","dims":2,"element_type":"bfloat16"}}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("accepted values are [float, byte, bit]", body!.ToJsonString());
    }
}
