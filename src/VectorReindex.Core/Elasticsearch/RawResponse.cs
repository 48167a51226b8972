using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>A buffered response from the transport: status, the product header and the body bytes, not parsed.</summary>
    public sealed class RawResponse
    {
        private readonly byte[] _body;

        public RawResponse(int statusCode, byte[] body, string? product, Uri node)
        {
            StatusCode = statusCode;
            _body = body ?? Array.Empty<byte>();
            Product = product;
            Node = node;
        }

        public int StatusCode { get; }

        /// <summary>The X-Elastic-Product header, "Elasticsearch" on a genuine cluster (7.14+).</summary>
        public string? Product { get; }

        /// <summary>The node that answered.</summary>
        public Uri Node { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        public ReadOnlyMemory<byte> Body => _body;

        public Stream OpenBody() => new MemoryStream(_body, writable: false);

        public T Deserialize<T>(JsonTypeInfo<T> typeInfo)
        {
            if (_body.Length == 0) throw new JsonException("The response has no body.");
            return JsonSerializer.Deserialize(_body, typeInfo) ?? throw new JsonException("The response body is JSON null.");
        }

        public JsonDocument ParseDocument() => JsonDocument.Parse(_body);
    }
}
