using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// A buffered response from the transport: status, the product header and the body bytes, not
    /// parsed. A pooled one (a PIT page: megabytes per request, which as fresh arrays would each be a
    /// large-object allocation and push the GC into gen2 collections) holds a rented buffer that
    /// <see cref="Dispose"/> returns; nothing may read the body, or a JsonDocument parsed from it, after that.
    /// </summary>
    public sealed class RawResponse : IDisposable
    {
        private byte[] _body;
        private int _length;
        private readonly bool _pooled;

        public RawResponse(int statusCode, byte[] body, string? product, Uri node)
            : this(statusCode, body ?? Array.Empty<byte>(), (body ?? Array.Empty<byte>()).Length, pooled: false, product, node)
        {
        }

        private RawResponse(int statusCode, byte[] body, int length, bool pooled, string? product, Uri node)
        {
            StatusCode = statusCode;
            _body = body;
            _length = length;
            _pooled = pooled;
            Product = product;
            Node = node;
        }

        /// <summary>Reads <paramref name="stream"/> to its end into a buffer rented from the shared pool.</summary>
        internal static async System.Threading.Tasks.Task<RawResponse> ReadPooledAsync(int statusCode, Stream stream, long? contentLength, string? product, Uri node,
            System.Threading.CancellationToken ct)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(contentLength is long known && known > 0 && known < int.MaxValue ? (int)known + 1 : 64 * 1024);
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var read = await stream.ReadAsync(buffer, length, buffer.Length - length, ct).ConfigureAwait(false);
                    if (read == 0) break;
                    length += read;
                }
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
            return new RawResponse(statusCode, buffer, length, pooled: true, product, node);
        }

        public int StatusCode { get; }

        /// <summary>The X-Elastic-Product header, "Elasticsearch" on a genuine cluster (7.14+).</summary>
        public string? Product { get; }

        /// <summary>The node that answered.</summary>
        public Uri Node { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        public ReadOnlyMemory<byte> Body => new ReadOnlyMemory<byte>(_body, 0, _length);

        public Stream OpenBody() => new MemoryStream(_body, 0, _length, writable: false);

        public T Deserialize<T>(JsonTypeInfo<T> typeInfo)
        {
            if (_length == 0) throw new JsonException("The response has no body.");
            return JsonSerializer.Deserialize(Body.Span, typeInfo) ?? throw new JsonException("The response body is JSON null.");
        }

        /// <summary>Parses the body without copying it: for a pooled response, the document lives only until <see cref="Dispose"/>.</summary>
        public JsonDocument ParseDocument() => JsonDocument.Parse(Body);

        public void Dispose()
        {
            if (!_pooled || _body.Length == 0) return;
            var body = _body;
            _body = Array.Empty<byte>();
            _length = 0;
            ArrayPool<byte>.Shared.Return(body);
        }
    }
}
