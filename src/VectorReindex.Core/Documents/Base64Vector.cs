using System;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Elasticsearch 9.3's compact form of a float dense_vector in a document: one base64 string of the
    /// vector's IEEE-754 float32 values in big-endian order (standard alphabet, padded). About half the
    /// bytes of JSON floats and no decimal parsing on the server. Only for element_type float (bfloat16
    /// fields take float32 too); byte and bit vectors keep their own forms.
    /// </summary>
    public static class Base64Vector
    {
        [ThreadStatic] private static byte[]? t_bytes;
        [ThreadStatic] private static float[]? t_floats;
        [ThreadStatic] private static byte[]? t_source;

        /// <summary>Writes the vector as a base64 string value.</summary>
        public static void Write(Utf8JsonWriter w, ReadOnlySpan<float> vector)
        {
            var bytes = Scratch(ref t_bytes, vector.Length * 4);
            BigEndian(vector, bytes);
            w.WriteBase64StringValue(new ReadOnlySpan<byte>(bytes, 0, vector.Length * 4));
        }

        /// <summary>
        /// Writes a raw _source with the JSON float array at <paramref name="path"/> turned into its
        /// base64 form, every other byte as it was. A source whose vector is missing, already a string,
        /// or not an array of finite floats goes out unchanged, for the server to take or refuse as it would.
        /// </summary>
        public static void WriteSource(Utf8JsonWriter w, ReadOnlySpan<byte> source, string path)
        {
            if (!SourceFields.TryFindValue(source, path, out var start, out var end)) start = end = -1;
            WriteSource(w, source, start, end);
        }

        /// <summary>
        /// <see cref="WriteSource(Utf8JsonWriter, ReadOnlySpan{byte}, string)"/> for a vector already found
        /// (<see cref="SourceFields.TryFindValue"/>) at <paramref name="start"/> to <paramref name="end"/>;
        /// a negative <paramref name="start"/> when the source has none.
        /// </summary>
        [MethodImpl(DecimalFloat.Optimized)]
        public static void WriteSource(Utf8JsonWriter w, ReadOnlySpan<byte> source, int start, int end)
        {
            if (start < 0 || source[start] != '[')
            {
                w.WriteRawValue(source, skipInputValidation: true);
                return;
            }
            var array = source.Slice(start, end - start);
            // A float text has at least one digit and a comma per element: the array's length bounds the count.
            var floats = ScratchFloats(array.Length / 2 + 1);
            if (!DecimalFloat.TryParseArray(array, floats, out var count))
            {
                w.WriteRawValue(source, skipInputValidation: true);
                return;
            }
            // The parsed floats turned big-endian where they lie, and encoded from there.
            var raw = MemoryMarshal.AsBytes(new Span<float>(floats, 0, count));
            if (BitConverter.IsLittleEndian) ReverseEachInt32(MemoryMarshal.Cast<byte, int>(raw));
            var encodedLength = (count * 4 + 2) / 3 * 4;
            var length = start + 1 + encodedLength + 1 + (source.Length - end);
            var output = Scratch(ref t_source, length);
            source.Slice(0, start).CopyTo(output);
            var at = start;
            output[at++] = (byte)'"';
            Base64.EncodeToUtf8(raw, new Span<byte>(output, at, encodedLength), out _, out var written);
            at += written;
            output[at++] = (byte)'"';
            source.Slice(end).CopyTo(new Span<byte>(output, at, source.Length - end));
            w.WriteRawValue(new ReadOnlySpan<byte>(output, 0, length), skipInputValidation: true);
        }

        /// <summary>Whether the mapping of a vector field takes float32 base64 (dense_vector with element_type float, bfloat16 or the default).</summary>
        public static bool Accepts(JsonObject? fieldMapping)
        {
            if (fieldMapping == null || fieldMapping["type"]?.ToString() != "dense_vector") return false;
            var elementType = fieldMapping["element_type"]?.ToString();
            return elementType == null || elementType == "float" || elementType == "bfloat16";
        }

        /// <summary>Reads a base64 vector back (what an index that keeps vectors in _source returns for one written so); false when the text is not base64 of whole float32 values.</summary>
        public static bool TryDecode(string text, out float[] vector)
        {
            vector = Array.Empty<float>();
            byte[] bytes;
            try { bytes = Convert.FromBase64String(text); }
            catch (FormatException) { return false; }
            if (bytes.Length % 4 != 0) return false;
            vector = new float[bytes.Length / 4];
            var bits = MemoryMarshal.Cast<float, int>(vector.AsSpan());
            for (var i = 0; i < bits.Length; i++) bits[i] = BinaryPrimitives.ReadInt32BigEndian(new ReadOnlySpan<byte>(bytes, i * 4, 4));
            return true;
        }

        /// <summary>The float32 values as base64 text (for tests and messages).</summary>
        public static string Encode(ReadOnlySpan<float> vector)
        {
            var bytes = new byte[vector.Length * 4];
            BigEndian(vector, bytes);
            return Convert.ToBase64String(bytes);
        }

        [MethodImpl(DecimalFloat.Optimized)]
        private static void BigEndian(ReadOnlySpan<float> vector, byte[] bytes)
        {
            var bits = MemoryMarshal.Cast<float, int>(vector);
            for (var i = 0; i < bits.Length; i++)
                BinaryPrimitives.WriteInt32BigEndian(new Span<byte>(bytes, i * 4, 4), bits[i]);
        }

        [MethodImpl(DecimalFloat.Optimized)]
        private static void ReverseEachInt32(Span<int> values)
        {
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReverseEndianness(values[i]);
        }

        private static byte[] Scratch(ref byte[]? buffer, int length)
        {
            if (buffer == null || buffer.Length < length) buffer = new byte[Math.Max(length, 4096)];
            return buffer;
        }

        private static float[] ScratchFloats(int length)
        {
            if (t_floats == null || t_floats.Length < length) t_floats = new float[Math.Max(length, 1024)];
            return t_floats;
        }
    }
}
