using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using FsCheck.Xunit;
using VectorReindex.LocalNode.Foundation;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Foundation;

/// <summary>
/// The node's float text must parse back to the very float (Java's Float.parseFloat and .NET's float.Parse
/// both round correctly), be as short as any text that does, and be the text Utf8JsonWriter wrote before
/// (what clients already read from the node). Every finite float is checked by hand with the LocalNode
/// bench's <c>float-text</c> mode; these properties sample it.
/// </summary>
public sealed class ShortestFloatTextProperties
{
    [Property(MaxTest = 20000)]
    public bool AnyFiniteFloat_ParsesBackBitForBit_AsShortAsR_AndAsUtf8JsonWriterWritesIt(uint bits)
    {
        // Any sign, exponent and fraction; the exponent field 255 (NaN, infinities) folded onto 254.
        if ((bits & 0x7F80_0000) == 0x7F80_0000)
            bits &= 0xFF7F_FFFF;
        return Agrees(BitConverter.UInt32BitsToSingle(bits));
    }

    [Property(MaxTest = 5000)]
    public bool AnySubnormalOrZero_ParsesBackBitForBit_AsShortAsR_AndAsUtf8JsonWriterWritesIt(uint fraction, bool negative)
        => Agrees(BitConverter.UInt32BitsToSingle((fraction & 0x7F_FFFF) | (negative ? 0x8000_0000 : 0)));

    [Property(MaxTest = 5000)]
    public bool APowerOfTwoOrItsNeighbours_ParsesBackBitForBit_AsShortAsR_AndAsUtf8JsonWriterWritesIt(byte exponent, sbyte step)
    {
        // A power of two's interval is lopsided (the float below is half as far): the one case with its own scale.
        var bits = (uint)Math.Clamp((exponent << 23) + step, 0, 0x7F7F_FFFF);
        return Agrees(BitConverter.UInt32BitsToSingle(bits));
    }

    [Property(MaxTest = 5000)]
    public bool ASixDigitDecimal_ComesBackAsThatNumber(uint digits, sbyte exponent)
    {
        // Distinct decimals of six digits are distinct floats (FLT_DIG), so a float a client sent as one is written back as it.
        var sent = (digits % 1_000_000 + 1).ToString(CultureInfo.InvariantCulture) + "E" + (exponent % 30).ToString(CultureInfo.InvariantCulture);
        var value = float.Parse(sent, CultureInfo.InvariantCulture);
        return Agrees(value) && double.Parse(Text(value), CultureInfo.InvariantCulture) == double.Parse(sent, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0f, "0")]
    [InlineData(-0f, "-0")]
    [InlineData(1f, "1")]
    [InlineData(0.1f, "0.1")]
    [InlineData(-0.33333334f, "-0.33333334")]
    [InlineData(100f, "100")]
    [InlineData(123456790f, "123456790")]
    [InlineData(1e9f, "1E+09")]
    [InlineData(0.0001234f, "0.0001234")]
    [InlineData(1.5e-5f, "1.5E-05")]
    [InlineData(float.Epsilon, "1E-45")]
    [InlineData(float.MaxValue, "3.4028235E+38")]
    [InlineData(-1.17549435E-38f, "-1.1754944E-38")]
    public void Write_KnownValues_GivesUtf8JsonWritersText(float value, string expected)
    {
        Assert.Equal(expected, Text(value));
    }

    [Fact]
    public void Write_NaNOrInfinity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestFloatText.Write(float.NaN, new byte[ShortestFloatText.MaxLength]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestFloatText.Write(float.NegativeInfinity, new byte[ShortestFloatText.MaxLength]));
    }

    [Fact]
    public void ScaleExponents_OverEveryBinary32Exponent_AreTheFloorsOfTheLogarithms()
    {
        // The formatter's k: floor(log10(2^q)) and, for a power of two, floor(log10(3/4 * 2^q)), from integer formulas.
        for (var q = -149; q <= 104; q++)
        {
            Assert.Equal(FloorLog10(BigRational(q, 4), q), (q * 315653) >> 20);
            Assert.Equal(FloorLog10(BigRational(q, 3), q), (q * 315653 - 131008) >> 20);
        }
    }

    [Property(MaxTest = 300)]
    public bool WriteArray_AnyFiniteFloats_IsTheArrayUtf8JsonWriterWrites(uint[] bits)
    {
        var values = bits.Select(b => BitConverter.UInt32BitsToSingle((b & 0x7F80_0000) == 0x7F80_0000 ? b & 0xFF7F_FFFF : b)).ToArray();
        var ours = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(ours))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("v");
            ShortestFloatText.WriteArray(writer, values);
            writer.WriteNumber("after", 1);
            writer.WriteEndObject();
        }
        var theirs = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(theirs))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("v");
            foreach (var value in values)
                writer.WriteNumberValue(value);
            writer.WriteEndArray();
            writer.WriteNumber("after", 1);
            writer.WriteEndObject();
        }
        return ours.WrittenSpan.SequenceEqual(theirs.WrittenSpan);
    }

    private static bool Agrees(float value)
    {
        var text = Text(value);
        var parsed = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return BitConverter.SingleToUInt32Bits(parsed) == BitConverter.SingleToUInt32Bits(value)
            && SignificantDigits(text) == SignificantDigits(value.ToString("R", CultureInfo.InvariantCulture))
            && text == WriterText(value);
    }

    private static string Text(float value)
    {
        var buffer = new byte[ShortestFloatText.MaxLength];
        return Encoding.ASCII.GetString(buffer, 0, ShortestFloatText.Write(value, buffer));
    }

    private static string WriterText(float value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            writer.WriteNumberValue(value);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    private static int SignificantDigits(string text)
    {
        var mantissa = text.Split('E')[0].Replace("-", "").Replace(".", "").TrimStart('0').TrimEnd('0');
        return Math.Max(1, mantissa.Length);
    }

    /// <summary>(numerator, denominator) of multiple/4 * 2^q: multiple 4 gives 2^q, 3 gives 3/4 * 2^q.</summary>
    private static (BigInteger Numerator, BigInteger Denominator) BigRational(int q, int multiple)
        => q >= 0 ? (multiple * BigInteger.Pow(2, q), 4) : (multiple, 4 * BigInteger.Pow(2, -q));

    /// <summary>The largest k with 10^k &lt;= the rational.</summary>
    private static int FloorLog10((BigInteger Numerator, BigInteger Denominator) value, int q)
    {
        var k = (int)Math.Floor(q * Math.Log10(2)) + 2;
        while (true)
        {
            var (n, d) = k >= 0 ? (BigInteger.Pow(10, k), BigInteger.One) : (BigInteger.One, BigInteger.Pow(10, -k));
            if (n * value.Denominator <= value.Numerator * d)
                return k;
            k--;
        }
    }
}
