using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// JSON numbers read as float exactly as Elasticsearch reads a float vector element (the correctly
    /// rounded float, as Java's Float.parseFloat): base64 vectors must hold the very bits the server
    /// would have parsed from the JSON. The decimal becomes the correctly rounded double by Clinger's
    /// exact fast path (mantissa within 53 bits, |exponent| ≤ 22: one exact IEEE multiply or divide);
    /// narrowing that double to float is exact unless it sits on a float rounding midpoint or below the
    /// normal range, where float.Parse decides. The same method as the local node's vector scanner.
    /// </summary>
    internal static class DecimalFloat
    {
        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (.NET Core 3.0+, not named in netstandard2.0): compiled
        /// optimized at once. Under tiered compilation the per-digit loops otherwise run as tier-0 code until
        /// the background JIT catches up, which on a busy machine can be a whole backfill.
        /// </summary>
        internal const MethodImplOptions Optimized = (MethodImplOptions)512;

        private static readonly double[] PowersOf10 =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        private const double SmallestNormalFloat = 1.1754943508222875e-38;

        /// <summary>
        /// Reads the elements of a JSON array of numbers (<paramref name="array"/> from '[' to ']') into
        /// <paramref name="destination"/>. False when it holds anything else, more elements than fit, or a
        /// value that is not a finite float: the caller then sends the JSON as it was, for the server to judge.
        /// </summary>
        [MethodImpl(Optimized)]
        public static bool TryParseArray(ReadOnlySpan<byte> array, Span<float> destination, out int count)
        {
            count = 0;
            if (array.Length < 2 || array[0] != '[' || array[array.Length - 1] != ']') return false;
            var i = RawJson.SkipWhitespace(array, 1);
            var last = array.Length - 1;
            if (i == last) return true;
            while (true)
            {
                if (count == destination.Length) return false;
                // The chunked reader reads up to 25 bytes past the number's start; the last few numbers take the byte loop.
                if (!(i <= array.Length - ChunkedReach ? TryReadChunked(array, ref i, out var value) : TryReadPlain(array, ref i, out value))
                    && !TryParse(array, ref i, out value)) return false;
                destination[count++] = value;
                if (array[i] == ',')
                {
                    // The usual separator, with no whitespace before it (and mostly none after).
                    i++;
                    if (array[i] > ' ') continue;
                    i = RawJson.SkipWhitespace(array, i);
                    continue;
                }
                i = RawJson.SkipWhitespace(array, i);
                if (i == last) return true;
                if (i > last || array[i] != ',') return false;
                i = RawJson.SkipWhitespace(array, i + 1);
            }
        }

        /// <summary>Bytes from a number's start that <see cref="TryReadChunked"/> may read: sign, eight of the integer part, point, sixteen of the fraction.</summary>
        private const int ChunkedReach = 1 + 8 + 1 + 16;

        private static readonly ulong[] IntegerPowersOf10 = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };

        /// <summary>
        /// <see cref="TryReadPlain"/> with the digit runs read eight bytes at a time (<see cref="EightDigits"/>):
        /// the same numbers (at most 7 integer and 15 fraction digits here), the same mantissa and power of
        /// ten, the same exact division, so the same float; anything else leaves <paramref name="i"/> where
        /// it was. The caller makes sure <see cref="ChunkedReach"/> bytes follow <paramref name="i"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryReadChunked(ReadOnlySpan<byte> json, ref int i, out float value)
        {
            value = 0;
            // The sign without a branch: in a vector it is as random as a coin, so a branch on it mispredicted
            // every other element. minus is 1 for '-' (0 - 1 is negative), else 0.
            var minus = (((json[i] ^ '-') - 1) >> 31) & 1;
            var p = i + minus;
            int integerDigits;
            ulong mantissa;
            if (json[p] == '0')
            {
                // Most elements of a unit vector are 0.something: one digit whose value is 0.
                integerDigits = 1;
                mantissa = 0;
            }
            else
            {
                var chunk = BinaryPrimitives.ReadUInt64LittleEndian(json.Slice(p, 8));
                integerDigits = EightDigits.LeadingCount(chunk);
                if (integerDigits == 0 || integerDigits == 8) return false;
                mantissa = EightDigits.Value(chunk, integerDigits);
            }
            p += integerDigits;
            var fractionDigits = 0;
            if (json[p] == '.')
            {
                p++;
                var first = BinaryPrimitives.ReadUInt64LittleEndian(json.Slice(p, 8));
                var second = BinaryPrimitives.ReadUInt64LittleEndian(json.Slice(p + 8, 8));
                var firstDigits = EightDigits.LeadingCount(first);
                // The second chunk counts only when the first is all digits (no branch: firstDigits >> 3 is 1 just then).
                var secondDigits = EightDigits.LeadingCount(second) & (0 - (firstDigits >> 3));
                if (firstDigits == 0 || secondDigits == 8) return false;
                mantissa = (mantissa * IntegerPowersOf10[firstDigits] + EightDigits.Value(first, firstDigits)) * IntegerPowersOf10[secondDigits]
                    + EightDigits.Value(second, secondDigits);
                fractionDigits = firstDigits + secondDigits;
                p += fractionDigits;
            }
            var next = json[p];
            if ((next != ',' && next != ']' && next != ' ' && next != '\n' && next != '\r' && next != '\t')
                || integerDigits + fractionDigits > 19 || mantissa > 1UL << 53) return false;
            // The sign goes on the mantissa (negated when minus is 1; within 2^53 it is exact as a long), so the
            // quotient and its narrowing, both correctly rounded and so symmetric, give -x for -mantissa. A zero
            // (whose sign that would lose) and what TryReadPlain leaves to TryParse are left to TryParse.
            var signed = ((long)mantissa ^ -(long)minus) + minus;
            var d = signed / PowersOf10[fractionDigits];
            if (mantissa == 0 || Math.Abs(d) < SmallestNormalFloat || IsFloatMidpoint(d)) return false;
            value = (float)d;
            i = p;
            return true;
        }

        /// <summary>
        /// The shape float vectors are written in, read inline: <c>-?digits(.digits)?</c> followed by
        /// ',' or ']' or whitespace, at most 19 digits, a mantissa within 53 bits, whose quotient by the
        /// power of ten is a normal float and no float midpoint: Clinger's exact path of <see cref="Finish"/>,
        /// without its calls. Anything else (an exponent, more digits, a subnormal, a midpoint) leaves
        /// <paramref name="i"/> where it was, for <see cref="TryParse"/> to read. <paramref name="json"/>
        /// ends with ']', so the digit loops stop inside it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryReadPlain(ReadOnlySpan<byte> json, ref int i, out float value)
        {
            value = 0;
            var p = i;
            var negative = json[p] == '-';
            if (negative) p++;
            var start = p;
            ulong mantissa = 0;
            uint digit;
            while ((digit = (uint)(json[p] - '0')) <= 9)
            {
                mantissa = mantissa * 10 + digit;
                p++;
            }
            var integerDigits = p - start;
            if (integerDigits == 0 || (integerDigits > 1 && json[start] == '0')) return false;
            var fractionDigits = 0;
            if (json[p] == '.')
            {
                var first = ++p;
                while ((digit = (uint)(json[p] - '0')) <= 9)
                {
                    mantissa = mantissa * 10 + digit;
                    p++;
                }
                fractionDigits = p - first;
                if (fractionDigits == 0) return false;
            }
            var next = json[p];
            if ((next != ',' && next != ']' && next != ' ' && next != '\n' && next != '\r' && next != '\t')
                || integerDigits + fractionDigits > 19 || mantissa > 1UL << 53 || fractionDigits > 22) return false;
            var d = mantissa / PowersOf10[fractionDigits];
            if ((d < SmallestNormalFloat && mantissa != 0) || IsFloatMidpoint(d)) return false;
            value = negative ? -(float)d : (float)d;
            i = p;
            return true;
        }

        /// <summary>Parses the JSON number at <paramref name="i"/> (RFC 8259 grammar) to a finite float.</summary>
        [MethodImpl(Optimized)]
        public static bool TryParse(ReadOnlySpan<byte> json, ref int i, out float value)
        {
            // The shape floats are written in (at most 19 digits in all), read in tight loops; anything
            // longer takes the general reader below, which drops digits past the 19th.
            value = 0;
            var p = i;
            var negative = p < json.Length && json[p] == '-';
            if (negative) p++;
            var start = p;
            ulong mantissa = 0;
            uint digit;
            while (p < json.Length && (digit = (uint)(json[p] - '0')) <= 9)
            {
                mantissa = mantissa * 10 + digit;
                p++;
            }
            var integerDigits = p - start;
            if (integerDigits == 0 || (integerDigits > 1 && json[start] == '0')) return false;
            var fractionDigits = 0;
            if (p < json.Length && json[p] == '.')
            {
                var first = ++p;
                while (p < json.Length && (digit = (uint)(json[p] - '0')) <= 9)
                {
                    mantissa = mantissa * 10 + digit;
                    p++;
                }
                fractionDigits = p - first;
                if (fractionDigits == 0) return false;
            }
            if (integerDigits + fractionDigits > 19) return TryParseLong(json, ref i, out value);
            var exponent = -fractionDigits;
            if (!TryReadExponent(json, ref p, ref exponent)) return false;
            return Finish(json, i, ref i, p, negative, mantissa, exponent, exact: true, out value);
        }

        /// <summary>A number of more than 19 digits: the first 19 significant ones are kept, and the fast path is inexact if any dropped digit is not zero.</summary>
        private static bool TryParseLong(ReadOnlySpan<byte> json, ref int i, out float value)
        {
            value = 0;
            var start = i;
            var p = i;
            var negative = p < json.Length && json[p] == '-';
            if (negative) p++;
            if (p >= json.Length || json[p] < '0' || json[p] > '9') return false;
            ulong mantissa = 0;
            var digits = 0;
            var exponent = 0;
            var exact = true;
            if (json[p] == '0') p++;
            else
                for (; p < json.Length && json[p] >= '0' && json[p] <= '9'; p++)
                    Accumulate(json[p], ref mantissa, ref digits, ref exponent, ref exact, fraction: false);
            if (p < json.Length && json[p] == '.')
            {
                p++;
                var first = p;
                for (; p < json.Length && json[p] >= '0' && json[p] <= '9'; p++)
                    Accumulate(json[p], ref mantissa, ref digits, ref exponent, ref exact, fraction: true);
                if (p == first) return false;
            }
            if (!TryReadExponent(json, ref p, ref exponent)) return false;
            return Finish(json, start, ref i, p, negative, mantissa, exponent, exact, out value);
        }

        /// <summary>mantissa × 10^exponent as a float: exactly by Clinger's fast path where it applies, else by float.Parse of the text.</summary>
        private static bool Finish(ReadOnlySpan<byte> json, int start, ref int i, int end, bool negative, ulong mantissa, int exponent, bool exact, out float value)
        {
            i = end;
            if (mantissa == 0 && exact)
            {
                value = negative ? -0f : 0f;
                return true;
            }
            if (exact && mantissa <= 1UL << 53 && exponent >= -22 && exponent <= 22)
            {
                var d = exponent < 0 ? mantissa / PowersOf10[-exponent] : mantissa * PowersOf10[exponent];
                if (d >= SmallestNormalFloat && !IsFloatMidpoint(d))
                {
                    value = (float)d;
                    if (negative) value = -value;
                    return !float.IsInfinity(value);
                }
            }
            value = float.Parse(Encoding.UTF8.GetString(json.Slice(start, end - start).ToArray()), NumberStyles.Float, CultureInfo.InvariantCulture);
            return !float.IsInfinity(value) && !float.IsNaN(value);
        }

        /// <summary>Adds an exponent part (<c>e</c>/<c>E</c>, optional sign, digits) at <paramref name="p"/> to <paramref name="exponent"/>; true when there is none.</summary>
        private static bool TryReadExponent(ReadOnlySpan<byte> json, ref int p, ref int exponent)
        {
            if (p >= json.Length || (json[p] != 'e' && json[p] != 'E')) return true;
            p++;
            var minus = p < json.Length && json[p] == '-';
            if (p < json.Length && (json[p] == '-' || json[p] == '+')) p++;
            var first = p;
            var e = 0;
            for (; p < json.Length && json[p] >= '0' && json[p] <= '9'; p++)
                if (e < 100_000) e = e * 10 + (json[p] - '0');
            exponent += minus ? -e : e;
            return p > first;
        }

        /// <summary>Significant digits into the mantissa while it stays exact in 64 bits; a dropped non-zero digit makes the fast path inexact.</summary>
        private static void Accumulate(byte c, ref ulong mantissa, ref int digits, ref int exponent, ref bool exact, bool fraction)
        {
            var digit = (uint)(c - '0');
            if (digits < 19)
            {
                mantissa = mantissa * 10 + digit;
                if (mantissa != 0) digits++;
                if (fraction) exponent--;
            }
            else
            {
                if (digit != 0) exact = false;
                if (!fraction) exponent++;
            }
        }

        /// <summary>True when <paramref name="d"/> lies exactly halfway between two floats (the 29 bits a float drops are 1000...0).</summary>
        private static bool IsFloatMidpoint(double d) => (BitConverter.DoubleToInt64Bits(d) & ((1L << 29) - 1)) == 1L << 28;
    }
}
