using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using VectorReindex.Core.Documents;

namespace VectorReindex.Core.Tests.Documents;

/// <summary>
/// The copy's decimal reader must give the float float.Parse gives (Java's Float.parseFloat, the
/// correctly rounded float, as Elasticsearch reads a vector element) for every number text, whichever
/// of its paths reads it: the eight-digits-at-a-time plain reader, the general reader, float.Parse.
/// </summary>
public sealed class DecimalFloatProperties
{
    private static readonly string[] Formats = { "R", "G9", "E8", "F10", "G17", "F0", "G6" };

    [Property(MaxTest = 2000)]
    public bool AnArrayOfAnyFiniteFloatsInAnyFormat_ParsesToFloatParseBits(int[] bits, byte format, byte spacing)
    {
        var texts = bits.Select((b, k) =>
        {
            var f = BitConverter.Int32BitsToSingle(b & 0x7F7F_FFFF) * ((b & 1) == 0 ? 1 : -1); // any finite magnitude, subnormals included
            return f.ToString(Formats[(format + k) % Formats.Length], CultureInfo.InvariantCulture);
        }).ToArray();
        return ParsesAsFloatParse(texts, spacing);
    }

    /// <summary>Digit strings of every length around the eight-byte steps, with and without a point and an exponent.</summary>
    [Property(MaxTest = 3000)]
    public bool AnArrayOfAnyDecimalTexts_ParsesToFloatParseBits(ulong[] integers, uint[] fractions, byte shape, byte spacing)
    {
        var texts = integers.Select((integer, k) =>
        {
            var fraction = k < fractions.Length ? fractions[k] : (uint)k;
            var form = (shape + k) % 6;
            var integerPart = form == 0 ? "0" : (integer % (form == 1 ? 10UL : ulong.MaxValue)).ToString(CultureInfo.InvariantCulture);
            var fractionDigits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft((int)(fraction % 13), '0');
            var sign = (integer & 1) == 0 ? "" : "-";
            return form switch
            {
                3 => sign + integerPart,
                4 => sign + integerPart + "." + fractionDigits + "e-" + (fraction % 40).ToString(CultureInfo.InvariantCulture),
                _ => sign + integerPart + "." + fractionDigits,
            };
        }).Where(t => Math.Abs(double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)) < float.MaxValue).ToArray();
        return ParsesAsFloatParse(texts, spacing);
    }

    /// <summary>
    /// Integer and fraction runs of every length around the chunked reader's eight- and sixteen-byte steps,
    /// with either sign and leading zeros in the fraction, each placed first (where the chunked reader reads
    /// it) and last (where the byte loop does) among filler elements.
    /// </summary>
    [Property(MaxTest = 3000)]
    public bool ADigitRunOfEveryLength_ParsesToFloatParseBits(byte integerLength, byte fractionLength, byte zeros, ulong seed, bool negative, byte spacing)
    {
        var random = new Random((int)seed ^ (int)(seed >> 32));
        string Digits(int length, bool leadingNonZero) => new string(Enumerable.Range(0, length)
            .Select(k => (char)('0' + (k == 0 && leadingNonZero ? random.Next(1, 10) : random.Next(0, 10)))).ToArray());
        var integerDigits = integerLength % 12;
        var fractionDigits = fractionLength % 20;
        var integerPart = integerDigits <= 1 && (integerLength & 16) == 0 ? "0" : Digits(Math.Max(1, integerDigits), leadingNonZero: true);
        var fraction = new string('0', Math.Min(zeros % 8, fractionDigits)) + Digits(Math.Max(0, fractionDigits - zeros % 8), leadingNonZero: false);
        var text = (negative ? "-" : "") + integerPart + (fractionDigits == 0 ? "" : "." + fraction);
        var filler = Enumerable.Range(0, 4).Select(k => (random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture));
        return ParsesAsFloatParse(new[] { text }.Concat(filler).Append(text).ToArray(), spacing);
    }

    [Theory]
    [InlineData("-0.0")]
    [InlineData("-0")]
    [InlineData("0.000000000000000")]
    [InlineData("-0.0000000000000001")]
    [InlineData("1234567.123456789012")]
    [InlineData("9007199254740993")]
    [InlineData("0.9007199254740993")]
    [InlineData("-1.00000005960464477539")]
    [InlineData("1.17549435E-38")]
    [InlineData("3.4028235E38")]
    public void AnEdgeNumber_FirstAndLast_ParsesToFloatParseBits(string text) =>
        Assert.True(ParsesAsFloatParse(new[] { text, "0.25", "-0.5", "0.125", text }, 0));

    [Theory]
    [InlineData("00.5")]
    [InlineData("-")]
    [InlineData("0.")]
    [InlineData("-.5")]
    [InlineData("01")]
    [InlineData("1.2.3")]
    public void NotAJsonNumber_IsRefusedFirstOrLast(string text)
    {
        foreach (var json in new[] { $"[{text},0.25,-0.5,0.125,0.5,0.75]", $"[0.25,-0.5,0.125,0.5,0.75,{text}]" })
            Assert.False(DecimalFloat.TryParseArray(Encoding.ASCII.GetBytes(json), new float[8], out _), json);
    }

    /// <summary>Any eight bytes: the count of digits they start with and the value of the first n of them, as a byte loop finds them.</summary>
    [Property(MaxTest = 5000)]
    public bool EightDigits_AnyChunk_CountAndValueAsTheByteLoop(ulong chunk, byte digitMask, byte digitCount)
    {
        // Mostly digits (a bit of digitMask clear puts one there), else any byte.
        var bytes = BitConverter.GetBytes(chunk);
        for (var k = 0; k < 8; k++)
            if ((digitMask >> k & 1) == 0) bytes[k] = (byte)('0' + bytes[k] % 10);
        var value = BitConverter.ToUInt64(bytes, 0);
        var count = 0;
        while (count < 8 && bytes[count] >= '0' && bytes[count] <= '9') count++;
        if (EightDigits.LeadingCount(value) != count) return false;
        var n = digitCount % (count + 1);
        ulong expected = 0;
        for (var k = 0; k < n; k++) expected = expected * 10 + (ulong)(bytes[k] - '0');
        return EightDigits.Value(value, n) == expected;
    }

    private static bool ParsesAsFloatParse(string[] texts, byte spacing)
    {
        var separator = (spacing % 4) switch { 0 => ",", 1 => ", ", 2 => " ,", _ => ",\n" };
        var json = "[" + string.Join(separator, texts) + "]";
        var floats = new float[texts.Length + 1];
        if (!DecimalFloat.TryParseArray(Encoding.ASCII.GetBytes(json), floats, out var count) || count != texts.Length) return false;
        for (var k = 0; k < count; k++)
            if (BitConverter.SingleToInt32Bits(float.Parse(texts[k], NumberStyles.Float, CultureInfo.InvariantCulture)) != BitConverter.SingleToInt32Bits(floats[k]))
                throw new Xunit.Sdk.XunitException($"{texts[k]} in {json}: parsed {floats[k]:R}, float.Parse {float.Parse(texts[k], NumberStyles.Float, CultureInfo.InvariantCulture):R}");
        return true;
    }
}
