using System.Buffers.Binary;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// A knn <c>query_vector</c> given as a string. Before 9.4 it is hex bytes, decoded when the request is
/// parsed. From 9.4 it is decoded against the field it searches, as Elasticsearch's
/// VectorData.decodeQueryVector does: hex when its bytes fit the field's dimensions, else base64 of
/// big-endian float32 (bfloat16 fields also take big-endian bfloat16; byte and bit fields take bytes),
/// else hex again, leaving a dimension mismatch to the vector check that follows.
/// </summary>
internal static class EncodedQueryVector
{
    /// <summary>Hex bytes as floats (signed, as Elasticsearch widens a byte query vector), or null when not hex.</summary>
    public static float[]? TryDecodeHex(string text)
    {
        if (text.Length % 2 != 0)
            return null;
        try
        {
            return Convert.FromHexString(text).Select(b => (float)(sbyte)b).ToArray();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static float[] DecodeFor(string text, DenseVectorOptions field)
    {
        var hex = TryDecodeHex(text);
        if (hex != null && (hex.Length == field.Dims || (field.ElementType == VectorElementType.Bit && hex.Length == field.Dims / 8)))
            return hex;
        var raw = TryDecodeBase64(text);
        if (hex == null && raw == null)
            throw Errors.IllegalArgument("failed to parse field [query_vector]: [query_vector] must be a valid base64 or hex string");
        if (raw != null)
        {
            switch (field.ElementType)
            {
                case VectorElementType.Byte when raw.Length == field.Dims:
                case VectorElementType.Bit when raw.Length == field.Dims / 8:
                    return raw.Select(b => (float)(sbyte)b).ToArray();
                case VectorElementType.Float when raw.Length == field.Dims * 4:
                    return BigEndianFloats(raw);
                case VectorElementType.Float when field.IsBFloat16 && raw.Length == field.Dims * 2:
                    return BigEndianBFloat16s(raw);
            }
        }
        if (hex != null)
            return hex;
        var expected = field.ElementType != VectorElementType.Float ? "byte" : field.IsBFloat16 ? "float or bfloat16" : "float";
        throw Errors.IllegalArgument($"failed to parse field [query_vector]: [query_vector] must contain a valid Base64-encoded {expected} vector, but the decoded bytes length [{raw!.Length}] is not compatible with the expected vector length");
    }

    /// <summary>Java's basic base64 decoder: the standard alphabet, padding optional, nothing else allowed.</summary>
    private static byte[]? TryDecodeBase64(string text)
    {
        if (text.Length % 4 == 1 || text.Any(char.IsWhiteSpace))
            return null;
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - text.Length % 4);
        var buffer = new byte[padded.Length / 4 * 3];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    private static float[] BigEndianFloats(byte[] raw)
    {
        var result = new float[raw.Length / 4];
        for (var i = 0; i < result.Length; i++)
            result[i] = BinaryPrimitives.ReadSingleBigEndian(raw.AsSpan(i * 4, 4));
        return result;
    }

    private static float[] BigEndianBFloat16s(byte[] raw)
    {
        var result = new float[raw.Length / 2];
        for (var i = 0; i < result.Length; i++)
            result[i] = BFloat16.ToFloat(BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(i * 2, 2)));
        return result;
    }
}
