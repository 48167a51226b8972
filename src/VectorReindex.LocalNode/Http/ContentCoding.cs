using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Http;

/// <summary>
/// HTTP content codings as Elasticsearch's HTTP layer handles them: request bodies sent with
/// Content-Encoding gzip or deflate are inflated before anything reads them (http.max_content_length
/// applies to the inflated size), and responses are compressed when Accept-Encoding asks
/// (http.compression, on by default without TLS).
/// </summary>
internal static class ContentCoding
{
    /// <summary>
    /// Inflates a gzip or deflate body into a pooled buffer the caller disposes; any other coding, or
    /// none, gives null and the body is used as it is.
    /// </summary>
    public static PooledBufferWriter? Decode(ReadOnlyMemory<byte> body, string? contentEncoding, long limit)
    {
        var coding = contentEncoding?.Trim().ToLowerInvariant();
        if (body.IsEmpty || coding is not ("gzip" or "x-gzip" or "deflate"))
            return null;
        using var compressed = MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
        using Stream inflater = coding == "deflate"
            ? (IsZlibHeader(body.Span) ? new ZLibStream(compressed, CompressionMode.Decompress) : new DeflateStream(compressed, CompressionMode.Decompress))
            : new GZipStream(compressed, CompressionMode.Decompress);
        // Capped one byte past the limit, which is how an inflated body over it is noticed.
        var buffer = new PooledBufferWriter((int)Math.Min(body.Length * 4L, limit + 1), limit + 1);
        try
        {
            while (true)
            {
                var read = inflater.Read(buffer.GetSpan());
                if (read == 0)
                    break;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    throw new ElasticsearchException(413, "content_too_long_exception", $"request body exceeds the limit of [{limit}] bytes");
            }
        }
        catch (InvalidDataException ex)
        {
            buffer.Dispose();
            throw new ElasticsearchException(400, "illegal_argument_exception", $"request body with Content-Encoding [{coding}] could not be decoded: {ex.Message}");
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return buffer;
    }

    /// <summary>"gzip" or "deflate" when the Accept-Encoding header accepts one (gzip preferred), else null.</summary>
    public static string? ChooseResponseCoding(string? acceptEncoding)
    {
        if (string.IsNullOrWhiteSpace(acceptEncoding))
            return null;
        string? chosen = null;
        foreach (var item in acceptEncoding.Split(','))
        {
            var parts = item.Split(';');
            var name = parts[0].Trim().ToLowerInvariant();
            var refused = parts.Skip(1).Any(p => p.Trim().Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
            if (refused)
                continue;
            if (name is "gzip" or "x-gzip" or "*")
                return "gzip";
            if (name == "deflate")
                chosen = "deflate";
        }
        return chosen;
    }

    public static byte[] Encode(ReadOnlySpan<byte> body, string coding)
    {
        using var output = new MemoryStream(body.Length / 4 + 64);
        using (Stream compressor = coding == "gzip"
            ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
            : new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
            compressor.Write(body);
        return output.ToArray();
    }

    // RFC 1950: CMF says deflate (low nibble 8) and CMF*256+FLG is a multiple of 31.
    private static bool IsZlibHeader(ReadOnlySpan<byte> data)
        => data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0;
}
