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
