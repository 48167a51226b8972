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
    }

    /// <summary>Real-time document reads.</summary>
    public sealed class DocumentsApi
    {
        private readonly ElasticsearchCluster _transport;

        public DocumentsApi(ElasticsearchCluster transport) => _transport = transport;

        /// <summary>_mget with full _source as a JsonDocument (the caller disposes it): for copying documents without re-parsing them.</summary>
        public async Task<JsonDocument> MultiGetRawAsync(string index, IReadOnlyList<string> ids, bool includeVectors, CancellationToken ct)
        {
            var body = new JsonObject { ["ids"] = new JsonArray(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(ids, id => (JsonNode?)JsonValue.Create(id)))) };
            var request = new ElasticsearchRequest(HttpMethod.Post, "/" + ElasticsearchRequest.Segment(index) + "/_mget")
                .WithJsonBody(JsonBody.From(body))
                .WithQuery("_source_exclude_vectors", includeVectors ? "false" : null);
            var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
            return response.ParseDocument();
        }

        /// <summary>
        /// _mget of <paramref name="ids"/> from one index (or alias), in the order given; with
        /// <paramref name="withSource"/> the _source too, and with <paramref name="includeVectors"/> the
        /// vectors a 9.x cluster leaves out of _source by default (never set it against 8.x: it rejects the parameter).
        /// </summary>
        public async Task<IReadOnlyList<StoredDocument>> MultiGetAsync(string index, IReadOnlyList<string> ids, bool withSource, bool includeVectors, CancellationToken ct)
        {
            var body = new JsonObject { ["ids"] = new JsonArray(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(ids, id => (JsonNode?)JsonValue.Create(id)))) };
            var request = new ElasticsearchRequest(HttpMethod.Post, "/" + ElasticsearchRequest.Segment(index) + "/_mget")
                .WithJsonBody(JsonBody.From(body))
                .WithQuery("_source", withSource ? null : "false")
                .WithQuery("_source_exclude_vectors", withSource && includeVectors ? "false" : null);
            var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
            using var doc = response.ParseDocument();
            var result = new List<StoredDocument>(ids.Count);
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
                    if (d.TryGetProperty("_source", out var src) && src.ValueKind == JsonValueKind.Object)
                        stored.Source = JsonNode.Parse(src.GetRawText())!.AsObject();
                }
                result.Add(stored);
            }
            return result;
        }
    }
}
