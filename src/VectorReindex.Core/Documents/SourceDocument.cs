using System;
using System.Text.Json;

namespace VectorReindex.Core.Documents
{
    /// <summary>A document read from the source: id, version and _source (valid while the page it came from is alive).</summary>
    public readonly struct SourceDocument
    {
        private readonly JsonElement? _source;
        private readonly ReadOnlyMemory<byte> _raw;

        public SourceDocument(string id, long version, JsonElement source)
        {
            Id = id;
            Version = version;
            _source = source;
            _raw = default;
        }

        /// <summary>A document whose _source is kept as the bytes the cluster sent (a backfill page), not tokenized.</summary>
        public SourceDocument(string id, long version, ReadOnlyMemory<byte> rawSource)
        {
            Id = id;
            Version = version;
            _source = null;
            _raw = rawSource;
        }

        public string Id { get; }
        public long Version { get; }

        /// <summary>The _source as a JSON element; for a document kept as bytes, parsed on each call (a copy never needs it).</summary>
        public JsonElement Source
        {
            get
            {
                if (_source.HasValue) return _source.Value;
                using var parsed = JsonDocument.Parse(_raw);
                return parsed.RootElement.Clone();
            }
        }

        /// <summary>The _source's UTF-8 bytes exactly as the cluster sent them.</summary>
        public ReadOnlySpan<byte> RawSource =>
            _source.HasValue ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(_source.Value) : _raw.Span;
    }
}
