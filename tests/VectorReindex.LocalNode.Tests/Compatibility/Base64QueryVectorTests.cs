using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Compatibility;

/// <summary>
/// knn query_vector as a base64 string of big-endian float32 values: 9.4 decodes it against the field;
/// earlier versions read every string query vector as hex and reject one that is not.
/// </summary>
public sealed class Base64QueryVectorTests
{
    private static async Task<TestNode> NodeWithVectorsAsync(string version)
    {
        var node = await TestNode.StartAsync(esVersion: version);
        Assert.Equal(HttpStatusCode.OK, (await node.PutAsync("/items", """{"mappings":{"properties":{"embedding":{"type":"dense_vector","dims":3,"similarity":"l2_norm","index_options":{"type":"flat"}}}}}""")).Status);
        await node.PutAsync("/items/_doc/near", """{"embedding":[1,2,3]}""");
        await node.PutAsync("/items/_doc/far?refresh=true", """{"embedding":[-3,0,9]}""");
        return node;
    }

    private static string Base64BigEndian(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), values[i]);
        return Convert.ToBase64String(bytes);
    }

    [Theory]
    [InlineData("""{"knn":{"field":"embedding","query_vector":QV,"k":2,"num_candidates":10}}""")]
    [InlineData("""{"query":{"knn":{"field":"embedding","query_vector":QV,"k":2}}}""")]
    public async Task On94_Base64QueryVector_ScoresAsTheSameFloatsGivenAsAnArray(string template)
    {
        await using var node = await NodeWithVectorsAsync("9.4.0");

        var encoded = await node.PostAsync("/items/_search", template.Replace("QV", "\"" + Base64BigEndian(1.5f, 2f, 2.5f) + "\""));
        var array = await node.PostAsync("/items/_search", template.Replace("QV", "[1.5,2,2.5]"));

        Assert.Equal(HttpStatusCode.OK, encoded.Status);
        var hits = encoded.Body!["hits"]!["hits"]!.AsArray();
        Assert.Equal(new[] { "near", "far" }, hits.Select(h => (string?)h!["_id"]));
        Assert.Equal(array.Body!["hits"]!["hits"]!.AsArray().Select(h => (double)h!["_score"]!), hits.Select(h => (double)h!["_score"]!));
    }

    [Theory]
    [InlineData("8.17.0")]
    [InlineData("9.3.0")]
    public async Task Before94_Base64QueryVector_IsRejectedAsNotHex(string version)
    {
        await using var node = await NodeWithVectorsAsync(version);
        var encoded = Base64BigEndian(1.5f, 2f, 2.5f);

        var (status, body) = await node.PostAsync("/items/_search", $$$"""{"knn":{"field":"embedding","query_vector":"{{{encoded}}}","k":2,"num_candidates":10}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("x_content_parse_exception", (string?)body!["error"]!["type"]);
        Assert.Equal($"failed to parse field [query_vector]: [{encoded}] is not a valid hex string", (string?)body["error"]!["caused_by"]!["reason"]);
    }

    [Fact]
    public async Task On94_Base64QueryVectorOfTheWrongLength_FailsNamingTheExpectedElementType()
    {
        await using var node = await NodeWithVectorsAsync("9.4.0");

        var (status, body) = await node.PostAsync("/items/_search", $$$"""{"knn":{"field":"embedding","query_vector":"{{{Base64BigEndian(1f, 2f)}}}","k":2,"num_candidates":10}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("[query_vector] must contain a valid Base64-encoded float vector, but the decoded bytes length [8] is not compatible with the expected vector length", body!.ToJsonString());
    }

    [Fact]
    public async Task On94_HexQueryVectorOnAByteField_StillReadsAsBytes()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.4.0");
        await node.PutAsync("/bytes", """{"mappings":{"properties":{"embedding":{"type":"dense_vector","dims":3,"element_type":"byte","similarity":"l2_norm","index_options":{"type":"flat"}}}}}""");
        await node.PutAsync("/bytes/_doc/a?refresh=true", """{"embedding":[1,2,-1]}""");

        var (status, body) = await node.PostAsync("/bytes/_search", """{"knn":{"field":"embedding","query_vector":"0102ff","k":1,"num_candidates":10}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1.0, (double)body!["hits"]!["hits"]![0]!["_score"]!);
    }
}
