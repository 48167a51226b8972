using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VectorReindex.LocalNode.Shards;

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
        if (TryParsePlainDecimal(json, ref i, out value))
            return true;
        return TryParseAnyNumber(json, ref i, out value);
    }

    private const ulong AsciiZeros = 0x3030_3030_3030_3030;

    /// <summary>
    /// The common shape, <c>-?digits(.digits)?</c> with at most 16 significant digits and no exponent,
    /// read eight digits at a time. Anything else (an exponent, a long mantissa, malformed input) returns
    /// false with <paramref name="i"/> unchanged, for <see cref="TryParseAnyNumber"/> to decide.
    /// </summary>
    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> json, ref int i, out float value)
    {
        value = 0;
        var p = i;
        var negative = p < json.Length && json[p] == (byte)'-';
        if (negative)
            p++;
        if (p >= json.Length)
            return false;
        ulong mantissa = 0;
        var c = json[p];
        if (c == (byte)'0')
            p++;
        else if (c - (uint)'1' > 8 || !TryReadDigits(json, ref p, ref mantissa, out _))
            return false;
        var exponent = 0;
        if (p < json.Length && json[p] == (byte)'.')
        {
            p++;
            if (!TryReadDigits(json, ref p, ref mantissa, out var fractionDigits) || fractionDigits == 0)
                return false;
            exponent = -fractionDigits;
        }
        if (p < json.Length && (json[p] | 0x20) == (byte)'e')
            return false;
        if (mantissa > (1UL << 53) || exponent < -22)
            return false;
        if (mantissa == 0)
        {
            value = negative ? -0f : 0f;
            i = p;
            return true;
        }
        if (!TryNarrow(mantissa / PowersOf10[-exponent], out var f))
            return false;
        value = negative ? -f : f;
        i = p;
        return true;
    }

    /// <summary>
    /// Appends the run of ASCII digits at <paramref name="p"/> to <paramref name="mantissa"/>, eight at a
    /// time where eight bytes are readable. False when the mantissa would pass 10^19 (not exact in 64 bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadDigits(ReadOnlySpan<byte> json, ref int p, ref ulong mantissa, out int count)
    {
        count = 0;
        while (p + 8 <= json.Length)
        {
            var chunk = BinaryPrimitives.ReadUInt64LittleEndian(json[p..]);
            // A byte is a digit when its high nibble is 3 and adding 6 keeps it so. A carry out of a
            // non-digit byte can only disturb bytes after it, which are not counted anyway.
            var notDigits = ((chunk & 0xF0F0_F0F0_F0F0_F0F0) ^ AsciiZeros)
                | (((chunk + 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ AsciiZeros);
            var digits = notDigits == 0 ? 8 : BitOperations.TrailingZeroCount(notDigits) >> 3;
            if (digits == 0)
                return true;
            if (mantissa >= 100_000_000_000UL)
                return false;
            // Keep the digits' values, moved to the top bytes: the bytes shifted in read as leading zeros.
            var values = (chunk - AsciiZeros) << (8 * (8 - digits));
            mantissa = mantissa * Pow10Integer[digits] + EightDigits(values);
            p += digits;
            count += digits;
            if (digits < 8)
                return true;
        }
        while (p < json.Length && json[p] - (uint)'0' <= 9)
        {
            if (mantissa >= 1_000_000_000_000_000_000UL)
                return false;
            mantissa = mantissa * 10 + (ulong)(json[p] - '0');
            p++;
            count++;
        }
        return true;
    }

    private static readonly ulong[] Pow10Integer = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    /// <summary>The value of eight digit values (0-9) held in the bytes of a little-endian word, first digit lowest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong values)
    {
        values = values * 10 + (values >> 8);
        return (((values & 0x0000_00FF_0000_00FF) * (100 + (1_000_000UL << 32)))
            + (((values >> 16) & 0x0000_00FF_0000_00FF) * (1 + (10_000UL << 32)))) >> 32;
    }

    /// <summary>Any JSON number, digit by digit, exactly as float.Parse rounds it.</summary>
    private static bool TryParseAnyNumber(ReadOnlySpan<byte> json, ref int i, out float value)
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
