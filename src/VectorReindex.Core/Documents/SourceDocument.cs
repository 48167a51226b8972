using System;
using System.Text.Json;

namespace VectorReindex.Core.Documents
{
    /// <summary>A document read from the source: id, routing, version and _source (valid while the page it came from is alive).</summary>
    public readonly struct SourceDocument
    {
        private readonly JsonElement? _source;
        private readonly ReadOnlyMemory<byte> _raw;

        public SourceDocument(string id, long version, JsonElement source, string? routing = null)
        {
            Id = id;
            Version = version;
            _source = source;
            _raw = default;
            Routing = routing;
        }

        /// <summary>A document whose _source is kept as the bytes the cluster sent (a backfill page), not tokenized.</summary>
        public SourceDocument(string id, long version, ReadOnlyMemory<byte> rawSource, string? routing = null)
        {
            Id = id;
            Version = version;
            _source = null;
            _raw = rawSource;
            Routing = routing;
        }

        /// <summary>Reads _id, _version, _routing and _source of a search hit or an _mget doc.</summary>
        public static SourceDocument FromHit(JsonElement hit) => new SourceDocument(
            hit.GetProperty("_id").GetString()!,
            hit.TryGetProperty("_version", out var v) ? v.GetInt64() : 1,
            hit.GetProperty("_source"),
            hit.TryGetProperty("_routing", out var r) ? r.GetString() : null);

        public string Id { get; }

        /// <summary>The source's _routing, written with the copy so it lands on the same shard as every later routed write; null when routed by id.</summary>
        public string? Routing { get; }
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

        /// <summary>The bytes of a document kept as bytes (a backfill page's), which outlive the call; false for one read as a JSON element.</summary>
        internal bool TryGetRawMemory(out ReadOnlyMemory<byte> raw)
        {
            raw = _raw;
            return !_source.HasValue;
        }

        /// <summary>The _source's UTF-8 bytes exactly as the cluster sent them.</summary>
        public ReadOnlySpan<byte> RawSource =>
            _source.HasValue ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(_source.Value) : _raw.Span;
    }
}
