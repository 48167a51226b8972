using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Compatibility;

/// <summary>dense_vector defaults, vectors in _source and vector formats as each presented version has them.</summary>
public sealed class VectorBehaviourByVersionTests
{
    private const string Mapping = """{"mappings":{"properties":{"name":{"type":"keyword"},"embedding":{"type":"dense_vector","dims":3,"similarity":"l2_norm"}}}}""";

    private static async Task<TestNode> NodeWithDocumentAsync(string version, string? indexBody = null)
    {
        var node = await TestNode.StartAsync(esVersion: version);
        Assert.Equal(HttpStatusCode.OK, (await node.PutAsync("/items", indexBody ?? Mapping)).Status);
        Assert.Equal(HttpStatusCode.Created, (await node.PutAsync("/items/_doc/1?refresh=true", """{"name":"a","embedding":[1.5,2,3]}""")).Status);
        return node;
    }

    [Theory]
    [InlineData("8.17.0", 384, "int8_hnsw")]
    [InlineData("9.0.0", 1024, "int8_hnsw")]
    [InlineData("9.1.0", 383, "int8_hnsw")]
    [InlineData("9.1.0", 384, "bbq_hnsw")]
    [InlineData("9.3.0", 1024, "bbq_hnsw")]
    public async Task DefaultIndexOptions_FollowThePresentedVersion(string version, int dims, string expected)
    {
        await using var node = await TestNode.StartAsync(esVersion: version);
        await node.PutAsync("/items", """{"mappings":{"properties":{"embedding":{"type":"dense_vector","dims":""" + dims + "}}}}");

        var (_, body) = await node.GetAsync("/items/_mapping");

        Assert.Equal(expected, (string?)body!["items"]!["mappings"]!["properties"]!["embedding"]!["index_options"]!["type"]);
    }

    [Theory]
    [InlineData("8.17.0", "byte", 3)]
    [InlineData("9.4.0", "byte", 3)]
    [InlineData("9.4.0", "bit", 8)]
    public async Task DefaultIndexOptions_ForByteAndBitFields_AreNone_AndKnnStillSearches(string version, string elementType, int dims)
    {
        await using var node = await TestNode.StartAsync(esVersion: version);
        await node.PutAsync("/items", "{\"mappings\":{\"properties\":{\"embedding\":{\"type\":\"dense_vector\",\"element_type\":\"" + elementType + "\",\"dims\":" + dims + "}}}}");
        var vector = "[" + string.Join(",", Enumerable.Repeat("1", elementType == "bit" ? dims / 8 : dims)) + "]";
        await node.PutAsync("/items/_doc/1?refresh=true", "{\"embedding\":" + vector + "}");

        var mapping = (await node.GetAsync("/items/_mapping")).Body!["items"]!["mappings"]!["properties"]!["embedding"]!;
        var search = await node.PostAsync("/items/_search", "{\"knn\":{\"field\":\"embedding\",\"query_vector\":" + vector + ",\"k\":1,\"num_candidates\":10}}");

        Assert.Null(mapping["index_options"]);
        Assert.Equal(1, (int)search.Body!["hits"]!["total"]!["value"]!);
    }

    [Theory]
    [InlineData("9.2.0")]
    [InlineData("9.3.0")]
    public async Task On92Plus_VectorsAreLeftOutOfSource_InSearchGetAndMget(string version)
    {
        await using var node = await NodeWithDocumentAsync(version);

        var search = (await node.GetAsync("/items/_search")).Body!["hits"]!["hits"]![0]!["_source"]!;
        var get = (await node.GetAsync("/items/_doc/1")).Body!["_source"]!;
        var mget = (await node.PostAsync("/items/_mget", """{"ids":["1"]}""")).Body!["docs"]![0]!["_source"]!;
        var source = (await node.GetAsync("/items/_source/1")).Body!;

        foreach (var s in new[] { search, get, mget, source })
        {
            Assert.Equal("a", (string?)s["name"]);
            Assert.Null(s["embedding"]);
        }
    }

    [Theory]
    [InlineData("/items/_search?_source_exclude_vectors=false", null)]
    [InlineData("/items/_search", """{"_source":{"exclude_vectors":false}}""")]
    [InlineData("/items/_search", """{"_source":["name","embedding"]}""")]
    [InlineData("/items/_search?_source_includes=embedding", null)]
    public async Task On93_VectorsComeBackWhenAsked(string path, string? body)
    {
        await using var node = await NodeWithDocumentAsync("9.3.0");

        var (status, response) = body == null ? await node.GetAsync(path) : await node.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new[] { 1.5, 2, 3 }, response!["hits"]!["hits"]![0]!["_source"]!["embedding"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public async Task On93_GetWithExcludeVectorsFalse_ReturnsThem_AndFieldsAlwaysCarryThem()
    {
        await using var node = await NodeWithDocumentAsync("9.3.0");

        var get = (await node.GetAsync("/items/_doc/1?_source_exclude_vectors=false")).Body!;
        var fields = (await node.PostAsync("/items/_search", """{"fields":["embedding"]}""")).Body!["hits"]!["hits"]![0]!;

        Assert.Equal(3, get["_source"]!["embedding"]!.AsArray().Count);
        Assert.Null(fields["_source"]!["embedding"]);
        Assert.Equal(3, fields["fields"]!["embedding"]!.AsArray().Count);
    }

    [Fact]
    public async Task On93_SettingFalse_KeepsVectorsInSource()
    {
        await using var node = await NodeWithDocumentAsync("9.3.0", """{"settings":{"index.mapping.exclude_source_vectors":false},"mappings":{"properties":{"name":{"type":"keyword"},"embedding":{"type":"dense_vector","dims":3,"similarity":"l2_norm"}}}}""");

        Assert.NotNull((await node.GetAsync("/items/_doc/1")).Body!["_source"]!["embedding"]);
    }

    [Fact]
    public async Task On93_ReindexCopiesVectors_ThoughSearchLeavesThemOut()
    {
        await using var node = await NodeWithDocumentAsync("9.3.0");
        await node.PutAsync("/copy", Mapping);

        var (status, _) = await node.PostAsync("/_reindex?refresh=true", """{"source":{"index":"items"},"dest":{"index":"copy"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var copied = (await node.GetAsync("/copy/_doc/1?_source_exclude_vectors=false")).Body!["_source"]!;
        Assert.Equal(3, copied["embedding"]!.AsArray().Count);
        var knn = (await node.PostAsync("/copy/_search", """{"knn":{"field":"embedding","query_vector":[1.5,2,3],"k":1,"num_candidates":10}}""")).Body!;
        Assert.Equal("1", (string?)knn["hits"]!["hits"]![0]!["_id"]);
    }

    [Theory]
    [InlineData("8.19.0")]
    [InlineData("9.1.0")]
    public async Task On819And91_VectorsStayUnlessTheIndexOrRequestExcludesThem(string version)
    {
        await using var node = await NodeWithDocumentAsync(version);

        Assert.NotNull((await node.GetAsync("/items/_doc/1")).Body!["_source"]!["embedding"]);
        var excluded = (await node.PostAsync("/items/_search", """{"_source":{"exclude_vectors":true}}""")).Body!;
        Assert.Null(excluded["hits"]!["hits"]![0]!["_source"]!["embedding"]);
        Assert.Equal(HttpStatusCode.OK, (await node.PutAsync("/excluding", """{"settings":{"index.mapping.exclude_source_vectors":true},"mappings":{"properties":{"embedding":{"type":"dense_vector","dims":3}}}}""")).Status);
        await node.PutAsync("/excluding/_doc/1?refresh=true", """{"embedding":[1,2,3]}""");
        Assert.Null((await node.GetAsync("/excluding/_doc/1")).Body!["_source"]!["embedding"]);
        var (status, body) = await node.GetAsync("/items/_search?_source_exclude_vectors=false");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("_source_exclude_vectors", (string?)body!["error"]!["reason"]);
    }

    [Theory]
    [InlineData("8.17.0")]
    [InlineData("9.0.0")]
    public async Task BeforeTheOption_ExcludeVectorsIsRejectedAsThatVersionRejectsIt(string version)
    {
        await using var node = await NodeWithDocumentAsync(version);

        var (status, body) = await node.PostAsync("/items/_search", """{"_source":{"exclude_vectors":false}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("parsing_exception", (string?)body!["error"]!["type"]);
        Assert.Equal("Unknown key for a VALUE_BOOLEAN in [exclude_vectors].", (string?)body["error"]!["reason"]);

        (status, body) = await node.PutAsync("/other", """{"settings":{"index.mapping.exclude_source_vectors":true}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("unknown setting [index.mapping.exclude_source_vectors]", (string?)body!["error"]!["reason"]);
        Assert.Equal(HttpStatusCode.NotFound, (await node.GetAsync("/other")).Status);

        (status, _) = await node.GetAsync("/items/_doc/1?_source_exclude_vectors=false");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull((await node.GetAsync("/items/_doc/1")).Body!["_source"]!["embedding"]);
    }

    [Fact]
    public async Task BFloat16_ExistsFrom93()
    {
        const string body = """{"mappings":{"properties":{"embedding":{"type":"dense_vector","dims":3,"element_type":"bfloat16"}}}}""";
        await using var node93 = await TestNode.StartAsync(esVersion: "9.3.0");
        await using var node92 = await TestNode.StartAsync(esVersion: "9.2.0");

        Assert.Equal(HttpStatusCode.OK, (await node93.PutAsync("/items", body)).Status);
        Assert.Equal("bfloat16", (string?)(await node93.GetAsync("/items/_mapping")).Body!["items"]!["mappings"]!["properties"]!["embedding"]!["element_type"]);
        Assert.Equal(HttpStatusCode.Created, (await node93.PutAsync("/items/_doc/1?refresh=true", """{"embedding":[0.5,1,2]}""")).Status);
        var knn = (await node93.PostAsync("/items/_search", """{"knn":{"field":"embedding","query_vector":[0.5,1,2],"k":1,"num_candidates":5}}""")).Body!;
        Assert.Equal("1", (string?)knn["hits"]!["hits"]![0]!["_id"]);

        var (status, rejected) = await node92.PutAsync("/items", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Unknown value [bfloat16] for field [element_type] - accepted values are [float, byte, bit]", rejected!.ToJsonString());
    }

    private static string Base64BigEndian(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), values[i]);
        return Convert.ToBase64String(bytes);
    }

    [Fact]
    public async Task On93_Base64DocumentVector_IsBigEndianFloat32()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.3.0");
        await node.PutAsync("/items", Mapping);

        var (status, _) = await node.PutAsync("/items/_doc/1?refresh=true", $$"""{"embedding":"{{Base64BigEndian(1.5f, -2f, 3.25f)}}"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var hit = (await node.PostAsync("/items/_search", """{"fields":["embedding"],"knn":{"field":"embedding","query_vector":[1.5,-2,3.25],"k":1,"num_candidates":5}}""")).Body!["hits"]!["hits"]![0]!;
        Assert.Equal(new[] { 1.5, -2, 3.25 }, hit["fields"]!["embedding"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(1.0, (double)hit["_score"]!, 5);
    }

    [Fact]
    public async Task On93_Base64OfTheWrongLength_NamesTheDimensions()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.3.0");
        await node.PutAsync("/items", Mapping);

        var (status, body) = await node.PutAsync("/items/_doc/1", $$"""{"embedding":"{{Base64BigEndian(1f, 2f)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("has a different number of dimensions [2] than defined in the mapping [3]", body!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await node.GetAsync("/items/_doc/1")).Status);
    }

    [Fact]
    public async Task Before93_Base64DocumentVector_IsRejected()
    {
        await using var node = await TestNode.StartAsync(esVersion: "9.2.0");
        await node.PutAsync("/items", Mapping);

        var (status, body) = await node.PutAsync("/items/_doc/1", $$"""{"embedding":"{{Base64BigEndian(1f, 2f, 3f)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("expecting token of type [START_ARRAY] but found [VALUE_STRING]", body!.ToJsonString());
    }
}
