using System.Text.Json;

namespace VectorReindex.Core.Documents
{
    /// <summary>A document read from the source: id, routing, version and _source (valid while the page it came from is alive).</summary>
    public readonly struct SourceDocument
    {
        public SourceDocument(string id, long version, JsonElement source, string? routing = null)
        {
            Id = id;
            Version = version;
            Source = source;
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
        public JsonElement Source { get; }
    }
}
