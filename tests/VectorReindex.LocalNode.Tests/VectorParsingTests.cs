using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;
using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tests;

/// <summary>The dense_vector fast path: values equal float.Parse of the same text, errors unchanged.</summary>
public sealed class VectorParsingTests
{
    private static IndexMapping Mapping(int dims, string extra = "")
        => IndexMapping.Empty.Merge(JsonNode.Parse("{\"properties\":{\"v\":{\"type\":\"dense_vector\",\"dims\":" + dims + extra + "}}}"), VersionProfile.Default);

    [Fact]
    public void ParsedVectors_AreKeyedByTheMappingsOwnPathString_NotACopyPerDocument()
    {
        var mapping = Mapping(2);

        var first = DocumentParser.Parse(mapping, Encoding.UTF8.GetBytes("{\"v\":[1,2]}"), "1");
        var second = DocumentParser.Parse(mapping, Encoding.UTF8.GetBytes("{\"v\":[3,4]}"), "2");

        Assert.Same(mapping.Fields["v"].Path, first.Vectors!.Keys.Single());
        Assert.Same(first.Vectors.Keys.Single(), second.Vectors!.Keys.Single());
    }

    /// <summary>
    /// Parses the number alone and again inside a longer array, so that both the byte-at-a-time tail and
    /// the eight-bytes-at-a-time path read it; both must stop right after it with the same value.
    /// </summary>
    private static float Scan(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var i = 0;
        Assert.True(FloatVectorScanner.TryParseNumber(bytes, ref i, out var value), text);
        Assert.Equal(bytes.Length, i);
        var padded = Encoding.UTF8.GetBytes(text + ",0.25,-1.5]   ");
        var j = 0;
        Assert.True(FloatVectorScanner.TryParseNumber(padded, ref j, out var inArray), text);
        Assert.Equal(bytes.Length, j);
        Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(inArray));
        return value;
    }

    private static void AssertSame(string text)
    {
        var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var actual = Scan(text);
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{text}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Numbers_EqualFloatParse_ForManyFormats()
    {
        var random = new Random(7);
        for (var n = 0; n < 200_000; n++)
        {
            var f = BitConverter.Int32BitsToSingle(random.Next()) * (random.Next(2) == 0 ? 1 : -1);
            if (!float.IsFinite(f))
                continue;
            AssertSame(f.ToString("R", CultureInfo.InvariantCulture));
            AssertSame(((double)f).ToString("R", CultureInfo.InvariantCulture));
            AssertSame(f.ToString("E12", CultureInfo.InvariantCulture));
            var u = random.NextSingle() * 2 - 1;
            AssertSame(u.ToString("R", CultureInfo.InvariantCulture));
            AssertSame(((double)u).ToString("R", CultureInfo.InvariantCulture));
            AssertSame(random.NextDouble().ToString("R", CultureInfo.InvariantCulture));
            AssertSame(u.ToString("F3", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Numbers_NearFloatRoundingMidpoints_EqualFloatParse()
    {
        var random = new Random(11);
        for (var n = 0; n < 100_000; n++)
        {
            var f = random.NextSingle() * MathF.Pow(10, random.Next(-30, 30));
            var next = MathF.BitIncrement(f);
            var mid = ((double)f + next) / 2;
            AssertSame(mid.ToString("R", CultureInfo.InvariantCulture));
            AssertSame(mid.ToString("E16", CultureInfo.InvariantCulture));
            AssertSame(mid.ToString("E20", CultureInfo.InvariantCulture));
            AssertSame(Math.BitIncrement(mid).ToString("R", CultureInfo.InvariantCulture));
            AssertSame(Math.BitDecrement(mid).ToString("R", CultureInfo.InvariantCulture));
            AssertSame(mid.ToString("E8", CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("0.0e10")]
    [InlineData("1")]
    [InlineData("1e38")]
    [InlineData("3.4028235e38")]
    [InlineData("1e-45")]
    [InlineData("1.4e-45")]
    [InlineData("1e-46")]
    [InlineData("1.17549435e-38")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.000000000000000000000000000123456789")]
    [InlineData("9007199254740993")]
    [InlineData("1E+5")]
    [InlineData("2.5e-3")]
    [InlineData("0.12345678")]
    [InlineData("-0.123456789")]
    [InlineData("12345678.87654321")]
    [InlineData("1234567890123.5")]
    [InlineData("0.00000000000000000001")]
    [InlineData("0.0000000000000000000000001")]
    [InlineData("1.0000000000000000001")]
    [InlineData("99999999999999999999.9")]
    [InlineData("0.99999997")]
    [InlineData("0.99999999")]
    public void Numbers_EdgeCases_EqualFloatParse(string text) => AssertSame(text);

    [Theory]
    [InlineData("[1,2,3]", 3)]
    [InlineData("[ 1 , -2.5e1 ,\n 3.25 ]", 3)]
    [InlineData("[]", 0)]
    public void Scan_ValidArrays(string text, int expected)
    {
        var floats = new float[8];
        Assert.True(FloatVectorScanner.TryScan(Encoding.UTF8.GetBytes(text), 0, floats, out var count, out _, out var end));
        Assert.Equal(expected, count);
        Assert.Equal(text.Length - 1, end);
    }

    [Theory]
    [InlineData("[1,\"2\",3]")]
    [InlineData("[1,2,]")]
    [InlineData("[01,2,3]")]
    [InlineData("[1.,2,3]")]
    [InlineData("[.5,2,3]")]
    [InlineData("[1,2,3,4]")]
    [InlineData("[1e39,2,3]")]
    [InlineData("[1,null,3]")]
    [InlineData("[1,2 3]")]
    [InlineData("[1,2,3")]
    [InlineData("[+1,2,3]")]
    public void Scan_RejectsWhatTheGeneralPathMustHandle(string text)
    {
        var floats = new float[3];
        Assert.False(FloatVectorScanner.TryScan(Encoding.UTF8.GetBytes(text), 0, floats, out _, out _, out _));
    }

    [Fact]
    public void Parse_VectorValues_EqualFloatParse()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 384).Select(_ => (random.NextSingle() * 2 - 1).ToString("R", CultureInfo.InvariantCulture)).ToArray();
        var source = Encoding.UTF8.GetBytes("{\"title\":\"t\",\"v\":[" + string.Join(",", values) + "],\"after\":1}");
        var parsed = DocumentParser.Parse(Mapping(384), source, "1");
        var floats = parsed.Vectors!["v"].Floats.ToArray();
        Assert.Equal(values.Select(v => float.Parse(v, CultureInfo.InvariantCulture)), floats);
    }

    [Theory]
    [InlineData("{\"v\":[1,2]}", "has a different number of dimensions [2] than defined in the mapping [3]")]
    [InlineData("{\"v\":[1,2,3,4]}", "has more dimensions than defined in the mapping [3]")]
    [InlineData("{\"v\":[1,\"x\",3]}", "expecting token of type [VALUE_NUMBER] but found [VALUE_STRING]")]
    [InlineData("{\"v\":[1,null,3]}", "expecting token of type [VALUE_NUMBER] but found [VALUE_NULL]")]
    [InlineData("{\"v\":[0,0.0,-0]}", "The [cosine] similarity does not support vectors with zero magnitude")]
    public void Parse_VectorErrors_KeepElasticsearchMessages(string source, string expected)
    {
        var ex = Assert.Throws<ElasticsearchException>(() => DocumentParser.Parse(Mapping(3, ",\"similarity\":\"cosine\""), Encoding.UTF8.GetBytes(source), "1"));
        Assert.Contains(expected, ex.Message + " " + ex.CausedBy?.Message);
    }

    [Fact]
    public void Parse_ErrorAfterVector_ReportsPositionInDocument()
    {
        var mapping = IndexMapping.Empty.Merge(JsonNode.Parse("{\"properties\":{\"v\":{\"type\":\"dense_vector\",\"dims\":3},\"n\":{\"type\":\"long\"}}}"), VersionProfile.Default);
        var ex = Assert.Throws<ElasticsearchException>(() => DocumentParser.Parse(mapping, Encoding.UTF8.GetBytes("{\"v\":[1,2,3],\n \"n\":\"abc\"}"), "1"));
        Assert.StartsWith("[2:6]", ex.Message);
    }
}

public sealed class VectorParsingMalformedTests
{
    [Theory]
    [InlineData("{\"v\":[1,2,3],\n \"n\":tru}")]
    [InlineData("{\"v\":[1,2,3], \"n\":1,}")]
    [InlineData("{\"v\":[1,2,3]} x")]
    [InlineData("{\"v\":[1,2,3]")]
    public void Parse_MalformedAfterVector_SameErrorAsGeneralPath(string source)
    {
        var mapping = IndexMapping.Empty.Merge(JsonNode.Parse("{\"properties\":{\"v\":{\"type\":\"dense_vector\",\"dims\":3},\"w\":{\"type\":\"dense_vector\",\"dims\":2}}}"), VersionProfile.Default);
        var mappingNoVector = IndexMapping.Empty.Merge(JsonNode.Parse("{\"properties\":{\"v\":{\"type\":\"long\"}}}"), VersionProfile.Default);
        var ex = Assert.Throws<ElasticsearchException>(() => DocumentParser.Parse(mapping, Encoding.UTF8.GetBytes(source), "1"));
        var reference = Assert.Throws<ElasticsearchException>(() => DocumentParser.Parse(mappingNoVector, Encoding.UTF8.GetBytes(source), "1"));
        Assert.Equal(reference.Message, ex.Message);
        Assert.Equal(reference.CausedBy?.Message, ex.CausedBy?.Message);
    }
}
