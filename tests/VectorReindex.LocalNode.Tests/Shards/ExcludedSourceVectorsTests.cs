using System.Buffers.Binary;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tests.Shards;

/// <summary>
/// An index that excludes source vectors (the 9.x default) stores _source without its float vectors and
/// gives them back from the vector values when a read asks for them; other indexes keep the source as sent.
/// </summary>
public sealed class ExcludedSourceVectorsTests : IDisposable
{
    // Values whose text forms are easy to get wrong: fractions with no short decimal, a float past 2^24, the smallest subnormal, negative zero.
    private static readonly float[] Awkward = { 0.1f, -16777218f, 1.401298E-45f, -0f, 1f / 3f, 123456.79f };
    private static readonly float[] Other = { 2.5f, 1e-7f, -0.3f, 7f, 0.2f, float.Epsilon * 3 };

    private const string Mapping = """{"mappings":{"properties":{"v":{"type":"dense_vector","dims":6,"similarity":"l2_norm"},"tag":{"type":"keyword"},"n":{"type":"long"}}}}""";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "vr-excluded-vectors-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Get_StrippedSource_StoresNoVectorAndReturnsItBitIdentical()
    {
        await using var node = await TestNode.StartAsync();
        await SeedAsync(node, "s");

        var (_, json) = await node.GetAsync("/s/_doc/1?_source_exclude_vectors=false");
        var (_, base64) = await node.GetAsync("/s/_doc/2?_source_exclude_vectors=false");
        var (_, plain) = await node.GetAsync("/s/_doc/1");
        var stored = node.Server.Engine.Cluster.Get("s")!.ShardFor("1", null).Get("1")!;

        AssertBits(Awkward, json!["_source"]!["v"]!);
        AssertBits(Other, base64!["_source"]!["v"]!);
        Assert.Equal(new[] { "tag", "v", "n" }, json["_source"]!.AsObject().Select(p => p.Key));
        Assert.Null(plain!["_source"]!["v"]);
        Assert.Equal("a", (string)plain["_source"]!["tag"]!);
        Assert.True(stored.VectorsStripped);
        Assert.DoesNotContain("0.1", System.Text.Encoding.UTF8.GetString(stored.StoredSource.Span));
        Assert.True(stored.StoredSource.Length < 40, $"stored source is {stored.StoredSource.Length} bytes");
    }

    [Theory]
    [InlineData("""{"a":[1,2],"v":[0.5, -1e-3 ,2],"o":{"w":[3,4],"x":"]"},"z":[5]}""", """{"a":[1,2],"v":[],"o":{"w":[],"x":"]"},"z":[5]}""")]
    [InlineData("""{"o":{"w":[ 3 ,4 ]},"v":[1,/* ] */2,3]}""", """{"o":{"w":[]},"v":[]}""")]
    [InlineData("""{"v":[1,2,3] , "o" : { "x":1,"w":[3,4]}}""", """{"v":[] , "o" : { "x":1,"w":[]}}""")]
    public void Strip_VectorsAnywhereInTheSource_LeavesPlaceholdersAndEveryOtherByte(string source, string expected)
    {
        // Vector arrays are stepped over at their first ']', except one holding a comment (tokenized): both must cut exactly the array.
        var vectors = new Dictionary<string, StoredVector>
        {
            ["v"] = new(new float[] { 1, 2, 3 }),
            ["o.w"] = new(new float[] { 3, 4 }),
        };
        var stripped = ExcludedSourceVectors.Strip(System.Text.Encoding.UTF8.GetBytes(source), vectors);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(stripped!));
    }

    [Fact]
    public async Task Search_VectorsRequested_ReturnsThemBitIdenticalAndByIncludes()
    {
        await using var node = await TestNode.StartAsync();
        await SeedAsync(node, "s");

        var (_, all) = await node.PostAsync("/s/_search", """{"_source":{"exclude_vectors":false},"sort":[{"n":"asc"}]}""");
        var (_, included) = await node.PostAsync("/s/_search", """{"_source":["v"],"sort":[{"n":"asc"}]}""");
        var (_, knn) = await node.PostAsync("/s/_search", """{"knn":{"field":"v","query_vector":[2.5,0,-0.3,7,0.2,0],"k":1,"num_candidates":2},"_source":{"exclude_vectors":false}}""");

        var hits = all!["hits"]!["hits"]!.AsArray();
        AssertBits(Awkward, hits[0]!["_source"]!["v"]!);
        AssertBits(Other, hits[1]!["_source"]!["v"]!);
        Assert.Equal("a", (string)hits[0]!["_source"]!["tag"]!);
        AssertBits(Awkward, included!["hits"]!["hits"]![0]!["_source"]!["v"]!);
        Assert.Null(included["hits"]!["hits"]![0]!["_source"]!["tag"]);
        Assert.Equal("2", (string)knn!["hits"]!["hits"]![0]!["_id"]!);
        AssertBits(Other, knn["hits"]!["hits"]![0]!["_source"]!["v"]!);
    }

    [Fact]
    public async Task PitPage_VectorsRequested_ReturnsThemBitIdentical()
    {
        await using var node = await TestNode.StartAsync();
        await SeedAsync(node, "s");

        var (_, pit) = await node.PostAsync("/s/_pit?keep_alive=1m");
        var (_, page) = await node.PostAsync("/_search", """{"size":1,"pit":{"id":""" + pit!["id"]!.ToJsonString() + """},"sort":[{"_shard_doc":"asc"}],"_source":{"exclude_vectors":false},"query":{"term":{"tag":"b"}}}""");

        AssertBits(Other, page!["hits"]!["hits"]![0]!["_source"]!["v"]!);
    }

    [Fact]
    public async Task Reindex_IntoIndexKeepingSourceVectors_WritesTheVectorsBitIdentical()
    {
        await using var node = await TestNode.StartAsync();
        await SeedAsync(node, "s");
        await node.PutAsync("/kept", """{"settings":{"index.mapping.exclude_source_vectors":false},"mappings":{"properties":{"v":{"type":"dense_vector","dims":6,"similarity":"l2_norm"}}}}""");

        var (_, reindex) = await node.PostAsync("/_reindex?refresh=true", """{"source":{"index":"s"},"dest":{"index":"kept"}}""");
        var (_, copied) = await node.GetAsync("/kept/_doc/2");
        var stored = node.Server.Engine.Cluster.Get("kept")!.ShardFor("2", null).Get("2")!;

        Assert.Equal(2, (int)reindex!["created"]!);
        AssertBits(Other, copied!["_source"]!["v"]!);
        Assert.False(stored.VectorsStripped);
    }

    [Fact]
    public async Task Update_PartialDoc_KeepsTheStrippedVector()
    {
        await using var node = await TestNode.StartAsync();
        await SeedAsync(node, "s");

        await node.PostAsync("/s/_update/1?refresh=true", """{"doc":{"tag":"c"}}""");
        var (_, updated) = await node.GetAsync("/s/_doc/1?_source_exclude_vectors=false");

        Assert.Equal("c", (string)updated!["_source"]!["tag"]!);
        AssertBits(Awkward, updated["_source"]!["v"]!);
    }

    [Theory]
    [InlineData("8.17.0", "")]
    [InlineData(LocalNodeOptions.DefaultEsVersion, "\"settings\":{\"index.mapping.exclude_source_vectors\":false},")]
    public async Task Get_IndexKeepingSourceVectors_ReturnsSourceByteForByte(string version, string settings)
    {
        await using var node = await TestNode.StartAsync(esVersion: version);
        await node.PutAsync("/k", "{" + settings + """ "mappings":{"properties":{"v":{"type":"dense_vector","dims":3,"similarity":"l2_norm"}}}}""");
        const string source = """{ "v" : [0.10, 2E0, -3.000], "tag":"x" }""";
        await node.PutAsync("/k/_doc/1", source);

        var text = await node.Http.GetStringAsync("/k/_doc/1");
        var stored = node.Server.Engine.Cluster.Get("k")!.ShardFor("1", null).Get("1")!;

        Assert.Contains("\"_source\":" + source, text);
        Assert.False(stored.VectorsStripped);
    }

    [Fact]
    public async Task Restart_StrippedSources_RestoresVectorsFromLogAndSnapshot()
    {
        await using (var node = await TestNode.StartAsync(_data))
        {
            await SeedAsync(node, "s");
            node.Server.Snapshot();
            await node.PutAsync("/s/_doc/3?refresh=true", Document("c", 3, Json(Other)));
        }

        await using var restarted = await TestNode.StartAsync(_data);
        var (_, one) = await restarted.GetAsync("/s/_doc/1?_source_exclude_vectors=false");
        var (_, two) = await restarted.GetAsync("/s/_doc/2?_source_exclude_vectors=false");
        var (_, three) = await restarted.GetAsync("/s/_doc/3?_source_exclude_vectors=false");
        var (_, knn) = await restarted.PostAsync("/s/_search", """{"knn":{"field":"v","query_vector":[0.1,-16777218,0,0,0.3,123456],"k":1,"num_candidates":3}}""");

        AssertBits(Awkward, one!["_source"]!["v"]!);
        AssertBits(Other, two!["_source"]!["v"]!);
        AssertBits(Other, three!["_source"]!["v"]!);
        Assert.Equal("1", (string)knn!["hits"]!["hits"]![0]!["_id"]!);
        Assert.True(restarted.Server.Engine.Cluster.Get("s")!.ShardFor("3", null).Get("3")!.VectorsStripped);
    }

    private static async Task SeedAsync(TestNode node, string index)
    {
        await node.PutAsync("/" + index, Mapping);
        await node.PutAsync($"/{index}/_doc/1", Document("a", 1, Json(Awkward)));
        await node.PutAsync($"/{index}/_doc/2?refresh=true", Document("b", 2, "\"" + Base64(Other) + "\""));
    }

    private static string Document(string tag, int n, string vector) => $$"""{"tag":"{{tag}}","v":{{vector}},"n":{{n}}}""";

    private static string Json(float[] values) => "[" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private static string Base64(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), values[i]);
        return Convert.ToBase64String(bytes);
    }

    private static void AssertBits(float[] expected, JsonNode actual)
    {
        var values = actual.AsArray().Select(v => BitConverter.SingleToInt32Bits((float)v!)).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits).ToArray(), values);
    }
}
