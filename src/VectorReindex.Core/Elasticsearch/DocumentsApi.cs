using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>A document as _mget returns it: found or not, its version and sequence numbers, and its _source when asked.</summary>
    public sealed class StoredDocument
    {
        public string Id { get; set; } = "";

        /// <summary>The concrete index the document was read from (an alias resolves to it).</summary>
        public string Index { get; set; } = "";

        public bool Found { get; set; }
        public long Version { get; set; }
        public long SeqNo { get; set; }
        public long PrimaryTerm { get; set; }
        public JsonObject? Source { get; set; }

        /// <summary>The document's _routing; null when it is routed by its id.</summary>
        public string? Routing { get; set; }

        public DocumentKey Key => new DocumentKey(Id, Routing);
    }

    /// <summary>Real-time document reads.</summary>
    public sealed class DocumentsApi
    {
        private readonly ElasticsearchCluster _transport;

        public DocumentsApi(ElasticsearchCluster transport) => _transport = transport;

        /// <summary>
        /// Only 9.2+ takes _source_exclude_vectors on _mget (and leaves vectors out by default); 8.19 and 9.1
        /// return vectors unless an index setting says otherwise, and reject the parameter.
        /// </summary>
        private bool AsksByParameter => _transport.Capabilities.VectorsInSource == VectorsInSource.QueryParameter;

        /// <summary>_mget with full _source as a JsonDocument (the caller disposes it): for copying documents without re-parsing them.</summary>
        public Task<JsonDocument> MultiGetRawAsync(string index, IReadOnlyList<string> ids, bool includeVectors, CancellationToken ct) =>
            MultiGetRawAsync(index, System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(ids, id => new DocumentKey(id))), includeVectors, ct);

        /// <summary>The same, each document read with its own routing (a routed document is only found on its shard).</summary>
        public async Task<JsonDocument> MultiGetRawAsync(string index, IReadOnlyList<DocumentKey> keys, bool includeVectors, CancellationToken ct)
        {
            var body = Body(keys);
            var request = new ElasticsearchRequest(HttpMethod.Post, "/" + ElasticsearchRequest.Segment(index) + "/_mget")
                .WithJsonBody(JsonBody.From(body))
                .WithQuery("_source_exclude_vectors", includeVectors && AsksByParameter ? "false" : null);
            var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
            return response.ParseDocument();
        }

        /// <summary>
        /// _mget of <paramref name="ids"/> from one index (or alias), in the order given; with
        /// <paramref name="withSource"/> the _source too, and with <paramref name="includeVectors"/> the
        /// vectors a 9.2+ cluster leaves out of _source by default (asked for only where the server takes the parameter).
        /// </summary>
        public Task<IReadOnlyList<StoredDocument>> MultiGetAsync(string index, IReadOnlyList<string> ids, bool withSource, bool includeVectors, CancellationToken ct) =>
            MultiGetAsync(index, System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(ids, id => new DocumentKey(id))), withSource, includeVectors, ct);

        /// <summary>The same, each document read with its own routing.</summary>
        public async Task<IReadOnlyList<StoredDocument>> MultiGetAsync(string index, IReadOnlyList<DocumentKey> keys, bool withSource, bool includeVectors, CancellationToken ct)
        {
            var body = Body(keys);
            var request = new ElasticsearchRequest(HttpMethod.Post, "/" + ElasticsearchRequest.Segment(index) + "/_mget")
                .WithJsonBody(JsonBody.From(body))
                .WithQuery("_source", withSource ? null : "false")
                .WithQuery("_source_exclude_vectors", withSource && includeVectors && AsksByParameter ? "false" : null);
            var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
            using var doc = response.ParseDocument();
            var result = new List<StoredDocument>(keys.Count);
            foreach (var d in doc.RootElement.GetProperty("docs").EnumerateArray())
            {
                var stored = new StoredDocument
                {
                    Id = d.GetProperty("_id").GetString() ?? "",
                    Index = d.TryGetProperty("_index", out var ix) ? ix.GetString() ?? "" : "",
                    Found = d.TryGetProperty("found", out var f) && f.ValueKind == JsonValueKind.True,
                };
                if (stored.Found)
                {
                    stored.Version = d.GetProperty("_version").GetInt64();
                    stored.SeqNo = d.TryGetProperty("_seq_no", out var s) ? s.GetInt64() : 0;
                    stored.PrimaryTerm = d.TryGetProperty("_primary_term", out var p) ? p.GetInt64() : 0;
                    stored.Routing = d.TryGetProperty("_routing", out var r) ? r.GetString() : null;
                    if (d.TryGetProperty("_source", out var src) && src.ValueKind == JsonValueKind.Object)
                        stored.Source = JsonNode.Parse(src.GetRawText())!.AsObject();
                }
                result.Add(stored);
            }
            return result;
        }
    
        /// <summary>{"docs":[{"_id":..,"routing":..}]}: the form that carries a routing per document.</summary>
        private static JsonObject Body(IReadOnlyList<DocumentKey> keys)
        {
            var docs = new JsonArray();
            foreach (var key in keys)
            {
                var doc = new JsonObject { ["_id"] = key.Id };
                if (key.Routing != null) doc["routing"] = key.Routing;
                docs.Add(doc);
            }
            return new JsonObject { ["docs"] = docs };
        }
    }
}
