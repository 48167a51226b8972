using System.Buffers;
using System.Numerics;
using System.Text.Json;

namespace VectorReindex.LocalNode.Foundation;

/// <summary>
/// The shortest decimal text that parses back to the same float32, byte for byte what
/// <c>Utf8JsonWriter.WriteNumberValue(float)</c> writes ("0.1", "-3.4028235E+38", "1E-45", "-0"), at a
/// fraction of its cost: the node renders every vector it keeps out of _source this way on each read.
/// The digits come from Giulietti's Schubfach ("The Schubfach way to render doubles", 2020), here for
/// binary32: the decimal scale 10^k is chosen so that the float's rounding interval is between 1 and 10
/// units wide, so it holds at most one multiple of ten (that one, when present, is the shortest) and
/// otherwise one of the two integers around the value (the closer, ties to even). The interval's ends and
/// the value are scaled with a 64-bit upper approximation of 10^-k and rounded to odd, which keeps every
/// comparison with an integer exact for binary32 (checked over every finite float by the LocalNode bench's
/// <c>float-text</c> mode).
/// </summary>
internal static class ShortestFloatText
{
    /// <summary>The longest text written: "-0.000123456789" or "-1.17549435E-38".</summary>
    public const int MaxLength = 15;

    // Powers of ten used: 10^-k for k = floor(log10(2^q)) over binary32's exponents q in [-149, 104].
    private const int MinPower = -31;
    private const int MaxPower = 45;

    private static readonly ulong[] Scale = new ulong[MaxPower - MinPower + 1];
    private static readonly int[] ScaleExponent = new int[MaxPower - MinPower + 1];

    static ShortestFloatText()
    {
        // 10^j = m * 2^(e - 63) with m in [2^63, 2^64); Scale holds floor(m) + 1 (always above m), ScaleExponent e.
        for (var j = MinPower; j <= MaxPower; j++)
        {
            BigInteger m;
            int e;
            if (j >= 0)
            {
                var n = BigInteger.Pow(10, j);
                e = (int)n.GetBitLength() - 1;
                m = e <= 63 ? n << (63 - e) : n >> (e - 63);
            }
            else
            {
                var d = BigInteger.Pow(10, -j);
                var bits = (int)d.GetBitLength();
                e = -bits;
                m = (BigInteger.One << (63 + bits)) / d;
            }
            Scale[j - MinPower] = (ulong)(m + 1);
            ScaleExponent[j - MinPower] = e;
        }
    }

    /// <summary>Writes <paramref name="value"/> (finite) into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns the bytes written.</summary>
    public static int Write(float value, Span<byte> destination)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var biasedExponent = (int)(bits >> 23) & 0xFF;
        var fraction = bits & 0x7FFFFF;
        if (biasedExponent == 0xFF)
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no text for NaN or an infinity.");
        var length = 0;
        if ((int)bits < 0)
            destination[length++] = (byte)'-';
        if (biasedExponent == 0 && fraction == 0)
        {
            destination[length++] = (byte)'0';
            return length;
        }
        var digits = ShortestDecimal(biasedExponent, fraction, out var exponent);
        return length + WriteDecimal(digits, exponent, destination[length..]);
    }

    /// <summary>Writes <paramref name="values"/> as a JSON array value, the text built in one pooled buffer and handed to the writer whole.</summary>
    public static void WriteArray(Utf8JsonWriter writer, ReadOnlySpan<float> values)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(2 + values.Length * (MaxLength + 1));
        try
        {
            var text = buffer.AsSpan();
            var length = 0;
            text[length++] = (byte)'[';
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                    text[length++] = (byte)',';
                length += Write(values[i], text[length..]);
            }
            text[length++] = (byte)']';
            writer.WriteRawValue(text[..length], skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The shortest digits d (no trailing zeros) with d * 10^exponent inside the float's rounding interval, the closest to it when several.</summary>
    private static uint ShortestDecimal(int biasedExponent, uint fraction, out int exponent)
    {
        uint c;
        int q;
        if (biasedExponent != 0)
        {
            c = fraction | (1u << 23);
            q = biasedExponent - 150;
        }
        else
        {
            c = fraction;
            q = -149;
        }
        // Round half to even when parsing: an even significand's interval includes its ends.
        var open = c & 1;
        ulong cb = (ulong)c << 2, cbr = cb + 2, cbl;
        int k;
        if (fraction == 0 && biasedExponent > 1)
        {
            // A power of two: the float below is half as far as the one above.
            cbl = cb - 1;
            k = (q * 315653 - 131008) >> 20;  // floor(log10(3/4 * 2^q))
        }
        else
        {
            cbl = cb - 2;
            k = (q * 315653) >> 20;           // floor(log10(2^q))
        }
        var index = -k - MinPower;
        var g = Scale[index];
        var h = q + ScaleExponent[index] + 1;   // 1..4: four times the value scaled by 10^-k as the high word
        var vb = RoundToOdd(g, cb << h);
        var vbl = RoundToOdd(g, cbl << h) + open;
        var vbr = RoundToOdd(g, cbr << h) - open;
        var s = vb >> 2;

        // One digit shorter: the multiple of ten below or above the value, if inside the interval.
        var sp10 = s / 10 * 10;
        var tp10 = sp10 + 10;
        var upIn = vbl <= sp10 << 2;
        var wpIn = tp10 << 2 <= vbr;
        ulong result;
        if (upIn != wpIn)
        {
            result = upIn ? sp10 : tp10;
        }
        else
        {
            var t = s + 1;
            var uIn = vbl <= s << 2;
            var wIn = t << 2 <= vbr;
            if (uIn != wIn)
            {
                result = uIn ? s : t;
            }
            else
            {
                var midpoint = (s + t) << 1;
                result = vb < midpoint || (vb == midpoint && (s & 1) == 0) ? s : t;
            }
        }
        exponent = k;
        var digits = (uint)result;
        while (digits % 10 == 0)
        {
            digits /= 10;
            exponent++;
        }
        return digits;
    }

    /// <summary>
    /// floor(g * cp / 2^64), its lowest bit set when the exact product of 10^-k and cp is not an integer. The
    /// product with g (above 10^-k by less than one unit) exceeds the exact one by less than cp &lt; 2^30 units
    /// of the low word, so a low word under 2^30 means exact.
    /// </summary>
    private static ulong RoundToOdd(ulong g, ulong cp)
    {
        var high = Math.BigMul(g, cp, out var low);
        return high | ((low >> 30) != 0 ? 1UL : 0UL);
    }

    /// <summary>digits * 10^exponent as .NET's shortest "G" writes a float: plain from 1E-04 up to 1E+09, otherwise d.dddE+XX.</summary>
    private static int WriteDecimal(uint digits, int exponent, Span<byte> destination)
    {
        var count = DigitCount(digits);
        // The value is 0.d1d2...dn * 10^point.
        var point = count + exponent;
        if (point > 9 || point < -3)
        {
            Span<byte> text = stackalloc byte[9];
            WriteDigits(digits, text[..count]);
            var length = 0;
            destination[length++] = text[0];
            if (count > 1)
            {
                destination[length++] = (byte)'.';
                text[1..count].CopyTo(destination[length..]);
                length += count - 1;
            }
            var scientific = point - 1;
            destination[length++] = (byte)'E';
            destination[length++] = scientific < 0 ? (byte)'-' : (byte)'+';
            scientific = Math.Abs(scientific);
            destination[length++] = (byte)('0' + scientific / 10);
            destination[length++] = (byte)('0' + scientific % 10);
            return length;
        }
        if (point <= 0)
        {
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, -point).Fill((byte)'0');
            WriteDigits(digits, destination.Slice(2 - point, count));
            return 2 - point + count;
        }
        if (point >= count)
        {
            WriteDigits(digits, destination[..count]);
            destination[count..point].Fill((byte)'0');
            return point;
        }
        WriteDigits(digits / Pow10(count - point), destination[..point]);
        destination[point] = (byte)'.';
        WriteDigits(digits % Pow10(count - point), destination.Slice(point + 1, count - point));
        return count + 1;
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/>, zero-padded on the left to the span's length, two at a time.</summary>
    private static void WriteDigits(uint value, Span<byte> destination)
    {
        var i = destination.Length;
        while (i >= 2)
        {
            var pair = (int)(value % 100) * 2;
            value /= 100;
            destination[--i] = DigitPairs[pair + 1];
            destination[--i] = DigitPairs[pair];
        }
        if (i == 1)
            destination[0] = (byte)('0' + value % 10);
    }

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    private static int DigitCount(uint value)
        => value < 100_000
            ? value < 100 ? (value < 10 ? 1 : 2) : value < 1_000 ? 3 : value < 10_000 ? 4 : 5
            : value < 10_000_000 ? (value < 1_000_000 ? 6 : 7) : value < 100_000_000 ? 8 : 9;

    private static uint Pow10(int n)
    {
        var p = 1u;
        while (n-- > 0)
            p *= 10;
        return p;
    }
}
