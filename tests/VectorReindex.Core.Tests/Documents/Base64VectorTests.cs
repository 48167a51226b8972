using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using VectorReindex.Core.Documents;
using Xunit;

namespace VectorReindex.Core.Tests.Documents;

/// <summary>
/// Base64 vectors (Elasticsearch 9.3's bulk form) must carry the very float32 bits the server would
/// have parsed from the JSON the source sent, and leave every other byte of a copied _source as it was.
/// </summary>
public class Base64VectorTests
{
    [Fact]
    public void Decimal_text_parses_to_the_correctly_rounded_float_in_every_form_floats_are_written()
    {
        var random = new Random(7);
        var formats = new[] { "R", "G9", "E8", "F10", "G17" };
        for (var n = 0; n < 200_000; n++)
        {
            var f = n % 3 == 0 ? (float)(random.NextDouble() * 2 - 1)
                : BitConverter.Int32BitsToSingle(random.Next() & 0x7F7F_FFFF) * (n % 2 == 0 ? 1 : -1); // any finite magnitude, subnormals included
            var text = f.ToString(formats[n % formats.Length], CultureInfo.InvariantCulture);
            AssertParsesAsFloatParse(text);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("1e-45")]                                 // the smallest subnormal
    [InlineData("7.006492321624085e-46")]                 // exactly half of it: rounds to even (zero)
    [InlineData("3.4028235e38")]                          // float.MaxValue
    [InlineData("0.1000000000000000055511151231257827")]  // more than 19 significant digits
    [InlineData("1.00000005960464477539062500000001")]    // just above a float midpoint (slow path decides)
    [InlineData("1.000000059604644775390625")]            // exactly the midpoint between 1 and the next float: ties to even
    [InlineData("16777217")]                              // 2^24 + 1: a midpoint, even neighbour below
    [InlineData("123456789012345678901234567890")]
    [InlineData("12E-3")]
    [InlineData("5e+2")]
    [InlineData("-0.12345678")]                           // a fraction of exactly eight digits: one eight-digit read
    [InlineData("0.1234567890123456789")]                 // eight, eight, then three one at a time
    [InlineData("0.9999999e-3")]                          // seven digits then the exponent inside the eight-byte window
    [InlineData("0.12345678E+1")]
    public void Awkward_decimals_parse_as_float_parse_does(string text) => AssertParsesAsFloatParse(text);

    [Fact]
    public void An_array_of_decimals_parses_to_the_floats_float_parse_gives_whatever_their_form_and_spacing()
    {
        var random = new Random(11);
        var formats = new[] { "R", "G9", "E8", "F10", "G17", "F0" };
        var separators = new[] { ",", ",", ",", ", ", " ,", "\n,\t" };
        var floats = new float[64];
        for (var n = 0; n < 2_000; n++)
        {
            var texts = Enumerable.Range(0, 1 + random.Next(64)).Select(k =>
            {
                var f = k % 4 == 3 ? BitConverter.Int32BitsToSingle(random.Next() & 0x7F7F_FFFF) * (k % 2 == 0 ? 1 : -1) : (float)(random.NextDouble() * 2 - 1);
                return f.ToString(formats[random.Next(formats.Length)], CultureInfo.InvariantCulture);
            }).ToArray();
            var json = (n % 5 == 0 ? "[ " : "[") + string.Join(separators[n % separators.Length], texts) + (n % 7 == 0 ? " ]" : "]");
            Assert.True(DecimalFloat.TryParseArray(Encoding.ASCII.GetBytes(json), floats, out var count), json);
            Assert.Equal(texts.Length, count);
            for (var k = 0; k < count; k++)
                Assert.True(BitConverter.SingleToInt32Bits(float.Parse(texts[k], NumberStyles.Float, CultureInfo.InvariantCulture)) == BitConverter.SingleToInt32Bits(floats[k]),
                    $"{texts[k]} in {json}: parsed {floats[k]:R}");
        }
    }

    [Theory]
    [InlineData("[1,]")]
    [InlineData("[1.,2]")]
    [InlineData("[01]")]
    [InlineData("[1 2]")]
    [InlineData("[-]")]
    [InlineData("[1,,2]")]
    [InlineData("[[1],2]")]
    [InlineData("[1e39]")]
    public void An_array_that_is_not_plain_finite_floats_is_refused(string json) =>
        Assert.False(DecimalFloat.TryParseArray(Encoding.ASCII.GetBytes(json), new float[8], out _), json);

    private static void AssertParsesAsFloatParse(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var i = 0;
        Assert.True(DecimalFloat.TryParse(bytes, ref i, out var parsed), text);
        Assert.Equal(bytes.Length, i);
        var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(parsed), $"{text}: expected {expected:R}, parsed {parsed:R}");
    }

    [Fact]
    public void A_copied_source_keeps_every_byte_but_the_vector_which_becomes_big_endian_float32_base64()
    {
        const string before = "{ \"title\" : \"a [\\\"quoted\\\"] title\", \"tags\":[\"x\",\"y\"], \"embedding\" : [ 0.5, -1.25e-3 ,3.4028235E+38,1e-45 ], \"price\": 7 }";
        var written = Write(w => Base64Vector.WriteSource(w, Encoding.UTF8.GetBytes(before), "embedding"));

        var vector = new[] { 0.5f, -1.25e-3f, float.MaxValue, float.Epsilon };
        var expectedBytes = new byte[16];
        for (var k = 0; k < 4; k++) BinaryPrimitives.WriteInt32BigEndian(expectedBytes.AsSpan(k * 4), BitConverter.SingleToInt32Bits(vector[k]));
        var base64 = Convert.ToBase64String(expectedBytes);
        Assert.Equal(before.Replace("[ 0.5, -1.25e-3 ,3.4028235E+38,1e-45 ]", "\"" + base64 + "\""), written);
        Assert.Equal(base64, Base64Vector.Encode(vector));
    }

    [Theory]
    [InlineData("{\"embedding\":\"AAAAPw==\",\"t\":1}")]            // already base64
    [InlineData("{\"t\":1}")]                                       // no vector
    [InlineData("{\"embedding\":[1,\"2\"],\"t\":1}")]               // not numbers: the server judges it
    [InlineData("{\"embedding\":[1e39],\"t\":1}")]                  // beyond float: the server reports it
    [InlineData("{\"embedding\":null}")]
    public void A_source_whose_vector_is_not_an_array_of_finite_floats_goes_out_unchanged(string source) =>
        Assert.Equal(source, Write(w => Base64Vector.WriteSource(w, Encoding.UTF8.GetBytes(source), "embedding")));

    [Fact]
    public void A_nested_vector_path_is_rewritten_where_it_stands()
    {
        const string before = "{\"a\":{\"b\":[1,2]},\"c\":3}";
        Assert.Equal("{\"a\":{\"b\":\"" + Base64Vector.Encode(new[] { 1f, 2f }) + "\"},\"c\":3}",
            Write(w => Base64Vector.WriteSource(w, Encoding.UTF8.GetBytes(before), "a.b")));
    }

    /// <summary>The copy transform finds the vector once for the dimension check and the rewrite: its bodies are what WriteSource by path writes.</summary>
    [Theory]
    [InlineData("{\"a\":{\"b\":[0.25,-0.5]},\"c\":3}", "a.b")]
    [InlineData("{\"t\":\"x\",\"embedding\":[0.125, 1e-3]}", "embedding")]
    [InlineData("{\"t\":1}", "embedding")]
    [InlineData("{\"embedding\":\"AAAAPw==\"}", "embedding")]
    public async Task The_copy_transform_writes_what_WriteSource_by_path_writes(string source, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        var transformer = new DocumentTransformer("target", path, null, 2, null, base64Vectors: true);
        var (operations, failures) = await transformer.TransformAsync(new[] { new SourceDocument("d", 3, bytes) }, CancellationToken.None);
        Assert.Empty(failures);
        Assert.Equal(Write(w => Base64Vector.WriteSource(w, bytes, path)), Write(operations.Single().WriteBody));
    }

    /// <summary>A copy never parses the _source (SourceDocument.Source): a source nested deeper than JsonDocument reads still goes out, its vector rewritten.</summary>
    [Fact]
    public async Task The_copy_transform_never_parses_the_source()
    {
        var deep = new string('[', 80) + new string(']', 80);
        var bytes = Encoding.UTF8.GetBytes("{\"deep\":" + deep + ",\"embedding\":[0.5,0.25]}");
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes));
        var transformer = new DocumentTransformer("target", "embedding", null, 2, null, base64Vectors: true);
        var (operations, _) = await transformer.TransformAsync(new[] { new SourceDocument("d", 3, bytes) }, CancellationToken.None);
        Assert.Equal("{\"deep\":" + deep + ",\"embedding\":\"" + Base64Vector.Encode(new[] { 0.5f, 0.25f }) + "\"}", Write(operations.Single().WriteBody));
    }

    [Fact]
    public async Task The_copy_transform_refuses_a_vector_of_other_dimensions_before_any_rewrite()
    {
        var transformer = new DocumentTransformer("target", "a.b", null, 3, null, base64Vectors: true);
        var (operations, failures) = await transformer.TransformAsync(new[] { new SourceDocument("d", 3, Encoding.UTF8.GetBytes("{\"a\":{\"b\":[0.25,-0.5]}}")) }, CancellationToken.None);
        Assert.Empty(operations);
        Assert.Contains("has 2 dimensions but the target expects 3", Assert.Single(failures).Message);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

public class Base64VectorDecodeTests
{
    [Fact]
    public void Decode_reads_back_what_encode_wrote_and_refuses_what_is_not_whole_float32_values()
    {
        var vector = new[] { 0.5f, -1.25e-3f, float.MaxValue, float.Epsilon, -0f };
        Assert.True(Base64Vector.TryDecode(Base64Vector.Encode(vector), out var decoded));
        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), decoded.Select(BitConverter.SingleToInt32Bits));
        Assert.False(Base64Vector.TryDecode("AAAA/w", out _));    // not padded base64
        Assert.False(Base64Vector.TryDecode("AAAAAAA=", out _));  // 5 bytes
        Assert.False(Base64Vector.TryDecode("not base64!", out _));
    }
}
