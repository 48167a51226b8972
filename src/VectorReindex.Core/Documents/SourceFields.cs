using System;
using System.Collections.Generic;
using System.Text.Json;

namespace VectorReindex.Core.Documents
{
    /// <summary>Reading and rewriting fields of a _source by dotted path.</summary>
    public static class SourceFields
    {
        /// <summary>The value at a dotted path (objects only; a flattened "a.b" key is found too).</summary>
        public static bool TryGet(JsonElement source, string path, out JsonElement value)
        {
            value = default;
            if (source.ValueKind != JsonValueKind.Object) return false;
            if (source.TryGetProperty(path, out value)) return true;
            var dot = path.IndexOf('.');
            return dot > 0 && source.TryGetProperty(path.Substring(0, dot), out var inner) && TryGet(inner, path.Substring(dot + 1), out value);
        }

        /// <summary>The text to embed: a string, or the strings of an array joined by newlines.</summary>
        public static string? Text(JsonElement source, string path)
        {
            if (!TryGet(source, path, out var value)) return null;
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Array:
                    var parts = new List<string>();
                    foreach (var item in value.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.String) parts.Add(item.GetString()!);
                    return parts.Count == 0 ? null : string.Join("\n", parts);
                default: return null;
            }
        }

        /// <summary>Number of elements of the vector at <paramref name="path"/>, or -1 when it is missing or not an array of numbers.</summary>
        public static int VectorLength(JsonElement source, string path)
        {
            if (!TryGet(source, path, out var value) || value.ValueKind != JsonValueKind.Array) return -1;
            var n = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number) return -1;
                n++;
            }
            return n;
        }

        /// <summary>
        /// <see cref="VectorLength(JsonElement, string)"/> over the raw bytes of a _source, without
        /// tokenizing the vector or the fields around it.
        /// </summary>
        public static int VectorLength(ReadOnlySpan<byte> source, string path) => VectorLength(source, path, out _, out _);

        /// <summary>
        /// The same, with where the value lies (<see cref="TryFindValue"/>), for a caller that rewrites it;
        /// <paramref name="start"/> and <paramref name="end"/> are -1 when the source has no value there.
        /// </summary>
        public static int VectorLength(ReadOnlySpan<byte> source, string path, out int start, out int end)
        {
            if (!TryFindValue(source, path, out start, out end))
            {
                start = end = -1;
                return -1;
            }
            return RawJson.NumberArrayLength(source.Slice(start, end - start));
        }

        /// <summary>
        /// Where the value at a dotted path lies in the raw bytes of a _source (as <see cref="TryGet"/>: a
        /// flattened "a.b" key wins over the object "a", wherever it stands), found without tokenizing.
        /// </summary>
        public static bool TryFindValue(ReadOnlySpan<byte> source, string path, out int start, out int end)
        {
            start = end = -1;
            var i = RawJson.SkipWhitespace(source, 0);
            if (i >= source.Length || source[i] != '{') return false;
            RawJson.EnterObject(source, ref i);
            var dot = path.IndexOf('.');
            int innerStart = -1, innerEnd = -1;
            while (RawJson.NextProperty(source, ref i, out var nameStart, out var nameEnd, out var valueStart, out var valueEnd))
            {
                var name = source.Slice(nameStart, nameEnd - nameStart);
                if (RawJson.NameEquals(name, path))
                {
                    (start, end) = (valueStart, valueEnd);
                    return true;
                }
                if (dot > 0 && source[valueStart] == '{' && RawJson.NameEquals(name, path.Substring(0, dot)))
                    (innerStart, innerEnd) = (valueStart, valueEnd);
            }
            if (innerStart < 0 || !TryFindValue(source.Slice(innerStart, innerEnd - innerStart), path.Substring(dot + 1), out start, out end)) return false;
            (start, end) = (start + innerStart, end + innerStart);
            return true;
        }

        /// <summary>Writes <paramref name="source"/> with the field at <paramref name="path"/> replaced by <paramref name="vector"/> (as base64 of big-endian float32 when <paramref name="base64"/>).</summary>
        public static void WriteWithVector(Utf8JsonWriter w, JsonElement source, string path, ReadOnlyMemory<float> vector, bool base64 = false)
        {
            var dot = path.IndexOf('.');
            var head = dot < 0 ? path : path.Substring(0, dot);
            var written = false;
            w.WriteStartObject();
            foreach (var p in source.EnumerateObject())
            {
                if (p.NameEquals(path))
                {
                    w.WritePropertyName(p.Name);
                    WriteVector(w, vector.Span, base64);
                    written = true;
                }
                else if (dot > 0 && p.NameEquals(head) && p.Value.ValueKind == JsonValueKind.Object)
                {
                    w.WritePropertyName(p.Name);
                    WriteWithVector(w, p.Value, path.Substring(dot + 1), vector, base64);
                    written = true;
                }
                else
                {
                    p.WriteTo(w);
                }
            }
            if (!written)
            {
                w.WritePropertyName(path);
                WriteVector(w, vector.Span, base64);
            }
            w.WriteEndObject();
        }

        /// <summary>A vector value: JSON floats, or (9.3+) one base64 string of its big-endian float32 values.</summary>
        public static void WriteVector(Utf8JsonWriter w, ReadOnlySpan<float> vector, bool base64)
        {
            if (base64)
            {
                Base64Vector.Write(w, vector);
                return;
            }
            w.WriteStartArray();
            foreach (var v in vector) w.WriteNumberValue(v);
            w.WriteEndArray();
        }
    }
}
