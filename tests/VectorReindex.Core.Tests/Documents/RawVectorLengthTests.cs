using System.Text;
using System.Text.Json;
using VectorReindex.Core.Documents;
using Xunit;

namespace VectorReindex.Core.Tests.Documents;

/// <summary>The copy path counts vector elements in the raw _source bytes: it must agree with the JsonElement walk everywhere.</summary>
public class RawVectorLengthTests
{
    [Theory]
    [InlineData("{\"v\":[1,2,3]}", "v")]
    [InlineData("{ \"v\" : [ 1.5e-3 , -2E+7 ,3 ] }", "v")]
    [InlineData("{\"v\":[]}", "v")]
    [InlineData("{\"v\":[ ]}", "v")]
    [InlineData("{\"v\":[1,\"2\",3]}", "v")]
    [InlineData("{\"v\":[1,null]}", "v")]
    [InlineData("{\"v\":[[1],[2]]}", "v")]
    [InlineData("{\"v\":\"[1,2]\"}", "v")]
    [InlineData("{\"v\":7}", "v")]
    [InlineData("{\"title\":\"a \\\"quoted\\\" ] } [ {\",\"v\":[1,2]}", "v")]
    [InlineData("{\"w\":{\"v\":[9,9,9,9]},\"v\":[1,2]}", "v")]
    [InlineData("{\"x\":[1]}", "v")]
    [InlineData("{\"a\":{\"b\":[1,2,3,4]}}", "a.b")]
    [InlineData("{\"a\":{\"b\":[1,2]},\"a.b\":[1,2,3]}", "a.b")]
    [InlineData("{\"a.b\":[1,2,3],\"a\":{\"b\":[1,2]}}", "a.b")]
    [InlineData("{\"a\":[1,2]}", "a.b")]
    [InlineData("{\"\\u0076\":[1,2,3,4,5]}", "v")]
    [InlineData("{\"vé\":[1,2]}", "vé")]
    [InlineData("{\"v\":[true,false]}", "v")]
    public void Raw_count_matches_the_element_walk(string source, string path)
    {
        using var doc = JsonDocument.Parse(source);
        var expected = SourceFields.VectorLength(doc.RootElement, path);
        Assert.Equal(expected, SourceFields.VectorLength(Encoding.UTF8.GetBytes(source), path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(384)]
    [InlineData(5000)]
    public void Long_vectors_are_counted_exactly(int dims)
    {
        // 5000 one-digit elements span more than 255 vector-width rounds, so the lane counters are flushed.
        var source = "{\"v\":[" + string.Join(",", Enumerable.Range(0, dims).Select(i => (i % 10).ToString())) + "]}";
        Assert.Equal(dims, SourceFields.VectorLength(Encoding.UTF8.GetBytes(source), "v"));
    }

    [Fact]
    public void A_raw_document_gives_back_its_bytes_unchanged_and_parses_on_demand()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"t\":\"x\",  \"v\":[0.10000000149011612,2]}");
        var doc = new SourceDocument("1", 3, bytes);
        Assert.Equal(bytes, doc.RawSource.ToArray());
        Assert.Equal("x", doc.Source.GetProperty("t").GetString());
    }
}
