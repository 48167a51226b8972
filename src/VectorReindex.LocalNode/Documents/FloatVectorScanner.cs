using System.Globalization;
using System.Runtime.CompilerServices;

namespace VectorReindex.LocalNode.Documents;

/// <summary>
/// Fast path for a float dense_vector: scans the bytes of a JSON array of numbers directly instead of
/// tokenizing each element with Utf8JsonReader and converting it with GetSingle.
/// Only strict JSON is accepted (numbers, commas, JSON whitespace); on anything else — a non-number, more
/// elements than the destination holds, a value that overflows float — it returns false and the caller
/// takes the general path, which produces Elasticsearch's error messages. Results equal float.Parse of
/// the same text: the decimal is converted to the correctly rounded double (Clinger's exact fast path
/// when the mantissa fits in 53 bits and |exponent| ≤ 22, float.Parse otherwise), and the double is
/// narrowed to float, which is exact unless the double is a float rounding midpoint — then float.Parse
/// decides.
/// </summary>
internal static class FloatVectorScanner
{
    private static readonly double[] PowersOf10 =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>
    /// Scans from just after the '[' at <paramref name="start"/>; on success <paramref name="end"/> is the
    /// index of the closing ']' and <paramref name="count"/> elements were written to <paramref name="destination"/>.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> json, int start, Span<float> destination, out int count, out double squares, out int end)
    {
        count = 0;
        squares = 0;
        end = 0;
        var i = start + 1;
        i = SkipWhitespace(json, i);
        if (i >= json.Length)
            return false;
        if (json[i] == (byte)']')
        {
            end = i;
            return true;
        }
        while (true)
        {
            if (count >= destination.Length)
                return false;
            if (!TryParseNumber(json, ref i, out var value))
                return false;
            destination[count++] = value;
            squares += (double)value * value;
            i = SkipWhitespace(json, i);
            if (i >= json.Length)
                return false;
            var c = json[i];
            if (c == (byte)']')
            {
                end = i;
                return true;
            }
            if (c != (byte)',')
                return false;
            i = SkipWhitespace(json, i + 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            i++;
        return i;
    }

    /// <summary>Parses one JSON number (RFC 8259 grammar) at <paramref name="i"/> as float.</summary>
    internal static bool TryParseNumber(ReadOnlySpan<byte> json, ref int i, out float value)
    {
        value = 0;
        var begin = i;
        var negative = false;
        if (i < json.Length && json[i] == (byte)'-')
        {
            negative = true;
            i++;
        }
        if (i >= json.Length)
            return false;
        ulong mantissa = 0;
        var significant = 0;   // digits accumulated into mantissa, leading zeros excluded
        var dropped = false;   // more than 19 significant digits: mantissa is not exact
        var exponent = 0;
        var c = json[i];
        if (c == (byte)'0')
        {
            i++;
        }
        else if (c - (uint)'1' <= 8)
        {
            while (i < json.Length && (c = json[i]) - (uint)'0' <= 9)
            {
                Accumulate(ref mantissa, ref significant, ref dropped, ref exponent, c, fraction: false);
                i++;
            }
        }
        else
        {
            return false;
        }
        if (i < json.Length && json[i] == (byte)'.')
        {
            i++;
            var digitsStart = i;
            while (i < json.Length && (c = json[i]) - (uint)'0' <= 9)
            {
                Accumulate(ref mantissa, ref significant, ref dropped, ref exponent, c, fraction: true);
                i++;
            }
            if (i == digitsStart)
                return false;
        }
        if (i < json.Length && (json[i] | 0x20) == (byte)'e')
        {
            i++;
            var expNegative = false;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                expNegative = json[i] == (byte)'-';
                i++;
            }
            var digitsStart = i;
            var explicitExponent = 0;
            while (i < json.Length && (c = json[i]) - (uint)'0' <= 9)
            {
                if (explicitExponent < 100_000)
                    explicitExponent = explicitExponent * 10 + (c - '0');
                i++;
            }
            if (i == digitsStart)
                return false;
            exponent += expNegative ? -explicitExponent : explicitExponent;
        }
        if (!dropped && mantissa <= (1UL << 53))
        {
            if (mantissa == 0)
            {
                value = negative ? -0f : 0f;
                return true;
            }
            if (exponent >= -22 && exponent <= 22)
            {
                var d = exponent >= 0 ? mantissa * PowersOf10[exponent] : mantissa / PowersOf10[-exponent];
                if (TryNarrow(d, out var f))
                {
                    value = negative ? -f : f;
                    return true;
                }
            }
        }
        return TryParseSlow(json[begin..i], out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref ulong mantissa, ref int significant, ref bool dropped, ref int exponent, byte c, bool fraction)
    {
        if (mantissa == 0 && c == (byte)'0')
        {
            if (fraction)
                exponent--;
            return;
        }
        if (significant < 19)
        {
            mantissa = mantissa * 10 + (ulong)(c - '0');
            significant++;
            if (fraction)
                exponent--;
        }
        else
        {
            dropped = true;
            if (!fraction)
                exponent++;
        }
    }

    /// <summary>
    /// Narrows a correctly rounded positive double to float. Float rounding midpoints are doubles, so the
    /// double lies on the same side of every midpoint as the decimal value unless it is one; that case
    /// (and float's subnormal and overflow ranges) is left to float.Parse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNarrow(double d, out float f)
    {
        f = 0;
        if (d < 1.1754943508222875E-38 || d > float.MaxValue)
            return false;
        var bits = BitConverter.DoubleToInt64Bits(d);
        if ((bits & 0x1FFF_FFFF) == 0x1000_0000)
            return false;
        f = (float)d;
        return true;
    }

    private static bool TryParseSlow(ReadOnlySpan<byte> number, out float value)
        => float.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}
