using System;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Walks JSON the server sent (valid by contract) without tokenizing what the walk does not need:
    /// an object or array is skipped by finding its matching bracket with a vectorized search, so a
    /// 384-float vector costs a few memory scans instead of 384 number tokens (the copy path used to
    /// spend most of its CPU tokenizing vectors it only moves).
    /// </summary>
    internal static class RawJson
    {
        private static readonly byte[] Structural = Encoding.ASCII.GetBytes("\"{}[]");
        private static readonly byte[] ScalarEnd = Encoding.ASCII.GetBytes(",}] \t\r\n");
        private static readonly byte[] QuoteOrEscape = { (byte)'"', (byte)'\\' };

        public static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
        {
            while (i < json.Length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) i++;
            return i;
        }

        /// <summary>The index just past the value that starts at <paramref name="i"/> (after whitespace).</summary>
        public static int SkipValue(ReadOnlySpan<byte> json, int i)
        {
            i = SkipWhitespace(json, i);
            if (i >= json.Length) throw Malformed(i);
            switch (json[i])
            {
                case (byte)'"': return SkipString(json, i);
                case (byte)'{':
                case (byte)'[':
                    var depth = 0;
                    while (true)
                    {
                        var next = json.Slice(i).IndexOfAny(Structural);
                        if (next < 0) throw Malformed(json.Length);
                        i += next;
                        switch (json[i])
                        {
                            case (byte)'"': i = SkipString(json, i); continue;
                            case (byte)'{':
                            case (byte)'[': depth++; break;
                            default: depth--; break;
                        }
                        i++;
                        if (depth == 0) return i;
                    }
                default:
                    var end = json.Slice(i).IndexOfAny(ScalarEnd);
                    return end < 0 ? json.Length : i + end;
            }
        }

        /// <summary>The index just past the string whose opening quote is at <paramref name="i"/>.</summary>
        public static int SkipString(ReadOnlySpan<byte> json, int i)
        {
            i++;
            while (true)
            {
                var next = json.Slice(i).IndexOfAny(QuoteOrEscape);
                if (next < 0) throw Malformed(json.Length);
                i += next;
                if (json[i] == '"') return i + 1;
                i += 2;
            }
        }

        /// <summary>Moves <paramref name="i"/> past the opening brace of the object that starts there.</summary>
        public static void EnterObject(ReadOnlySpan<byte> json, ref int i)
        {
            i = SkipWhitespace(json, i);
            if (i >= json.Length || json[i] != '{') throw Malformed(i);
            i++;
        }

        /// <summary>
        /// Reads the next property of the object <paramref name="i"/> is in: the span of its name
        /// (without quotes, still escaped) and of its value. False at the closing brace, with
        /// <paramref name="i"/> past it.
        /// </summary>
        public static bool NextProperty(ReadOnlySpan<byte> json, ref int i, out int nameStart, out int nameEnd, out int valueStart, out int valueEnd)
        {
            nameStart = nameEnd = valueStart = valueEnd = 0;
            i = SkipWhitespace(json, i);
            if (i < json.Length && json[i] == ',') i = SkipWhitespace(json, i + 1);
            if (i >= json.Length) throw Malformed(i);
            if (json[i] == '}') { i++; return false; }
            if (json[i] != '"') throw Malformed(i);
            var afterName = SkipString(json, i);
            nameStart = i + 1;
            nameEnd = afterName - 1;
            i = SkipWhitespace(json, afterName);
            if (i >= json.Length || json[i] != ':') throw Malformed(i);
            valueStart = SkipWhitespace(json, i + 1);
            valueEnd = SkipValue(json, valueStart);
            i = valueEnd;
            return true;
        }

        /// <summary>Whether the raw (escaped) property name <paramref name="rawName"/> is <paramref name="name"/>.</summary>
        public static bool NameEquals(ReadOnlySpan<byte> rawName, string name)
        {
            if (rawName.IndexOf((byte)'\\') < 0)
            {
                if (rawName.Length != Encoding.UTF8.GetByteCount(name)) return false;
                for (var k = 0; k < name.Length; k++)
                    if (name[k] >= 0x80) return Encoding.UTF8.GetString(rawName.ToArray()) == name;
                for (var k = 0; k < name.Length; k++)
                    if (rawName[k] != name[k]) return false;
                return true;
            }
            var quoted = new byte[rawName.Length + 2];
            quoted[0] = quoted[quoted.Length - 1] = (byte)'"';
            rawName.CopyTo(quoted.AsSpan(1));
            return ReadString(quoted) == name;
        }

        /// <summary>A JSON string value, unescaped.</summary>
        public static string ReadString(ReadOnlySpan<byte> value)
        {
            var reader = new Utf8JsonReader(value);
            reader.Read();
            return reader.GetString() ?? throw new JsonException("Expected a string, found null.");
        }

        public static long ReadInt64(ReadOnlySpan<byte> value) =>
            Utf8Parser.TryParse(value, out long n, out var used) && used == value.Length ? n : throw new JsonException("Expected an integer.");

        /// <summary>
        /// The element count of an array that holds only numbers, or -1 when <paramref name="value"/> is
        /// not an array or holds anything else. In valid JSON, an array without quotes, brackets, braces
        /// and the letters of true/false/null holds numbers only, and then it has commas + 1 elements.
        /// </summary>
        public static int NumberArrayLength(ReadOnlySpan<byte> value)
        {
            if (value.Length < 2 || value[0] != '[') return -1;
            var inner = value.Slice(1, value.Length - 2);
            // Two searches of three bytes each: MemoryExtensions vectorizes IndexOfAny for up to five values, and
            // one search for all six ran byte by byte (about 45 µs for a 384-float vector, most of the copy's CPU).
            if (inner.IndexOfAny((byte)'"', (byte)'[', (byte)'{') >= 0 || inner.IndexOfAny((byte)'t', (byte)'f', (byte)'n') >= 0) return CountByTokens(value);
            if (SkipWhitespace(inner, 0) == inner.Length) return 0;
            return CountCommas(inner) + 1;
        }

        private static int CountCommas(ReadOnlySpan<byte> bytes)
        {
            var count = 0;
            var i = 0;
            var width = System.Numerics.Vector<byte>.Count;
            if (System.Numerics.Vector.IsHardwareAccelerated && bytes.Length >= width)
            {
                var comma = new System.Numerics.Vector<byte>((byte)',');
                var lanes = System.Numerics.Vector<byte>.Zero;
                var rounds = 0;
                for (; i <= bytes.Length - width; i += width)
                {
                    // Equals gives 0xFF (-1) per match: subtracting counts matches per lane, flushed before a lane can wrap.
                    lanes -= System.Numerics.Vector.Equals(System.Runtime.InteropServices.MemoryMarshal.Read<System.Numerics.Vector<byte>>(bytes.Slice(i)), comma);
                    if (++rounds == 255) { count += Sum(lanes); lanes = System.Numerics.Vector<byte>.Zero; rounds = 0; }
                }
                count += Sum(lanes);
            }
            for (; i < bytes.Length; i++) if (bytes[i] == ',') count++;
            return count;
        }

        private static int Sum(System.Numerics.Vector<byte> lanes)
        {
            var sum = 0;
            for (var k = 0; k < System.Numerics.Vector<byte>.Count; k++) sum += lanes[k];
            return sum;
        }

        private static int CountByTokens(ReadOnlySpan<byte> value)
        {
            var reader = new Utf8JsonReader(value);
            reader.Read();
            var n = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number) return -1;
                n++;
            }
            return n;
        }

        private static JsonException Malformed(int at) => new JsonException($"The response is not valid JSON near byte {at}.");
    }
}
