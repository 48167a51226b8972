using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Backfill
{
    /// <summary>One page of a slice: the documents, and the sort values to continue after the last one.</summary>
    public sealed class SourcePage : System.IDisposable
    {
        private readonly RawResponse _response;
        private readonly JsonDocument _document;

        internal SourcePage(RawResponse response, JsonDocument document, List<SourceDocument> documents, JsonArray? lastSort, string? pitId)
        {
            _response = response;
            _document = document;
            Documents = documents;
            LastSort = lastSort;
            PitId = pitId;
        }

        public List<SourceDocument> Documents { get; }
        public JsonArray? LastSort { get; }

        /// <summary>The PIT id the cluster returned (it may change between pages).</summary>
        public string? PitId { get; }

        /// <summary>Ends the documents' life: their sources point into the response's pooled buffer.</summary>
        public void Dispose()
        {
            _document.Dispose();
            _response.Dispose();
        }
    }

    /// <summary>Reads pages of one PIT slice with search_after on _shard_doc, asking for versions and vectors.</summary>
    public static class PageReader
    {
        public static async Task<SourcePage> ReadAsync(SearchApi search, string pitId, string keepAlive, int sliceId, int sliceCount,
            JsonArray? searchAfter, int size, bool mustAskForVectors, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["size"] = size,
                ["version"] = true,
                ["track_total_hits"] = false,
                ["pit"] = new JsonObject { ["id"] = pitId, ["keep_alive"] = keepAlive },
                ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                ["_source"] = mustAskForVectors ? new JsonObject { ["exclude_vectors"] = false } : (JsonNode)true,
            };
            if (sliceCount > 1) body["slice"] = new JsonObject { ["id"] = sliceId, ["max"] = sliceCount };
            if (searchAfter != null) body["search_after"] = searchAfter.DeepClone();
            var response = await search.SearchPageAsync(body, ct).ConfigureAwait(false);
            JsonDocument doc;
            try
            {
                doc = response.ParseDocument();
            }
            catch
            {
                response.Dispose();
                throw;
            }
            var root = doc.RootElement;
            var docs = new List<SourceDocument>(size);
            JsonElement last = default;
            foreach (var hit in root.GetProperty("hits").GetProperty("hits").EnumerateArray())
            {
                docs.Add(SourceDocument.FromHit(hit));
                last = hit;
            }
            var lastSort = docs.Count > 0 ? JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray() : null;
            var newPit = root.TryGetProperty("pit_id", out var p) ? p.GetString() : null;
            return new SourcePage(response, doc, docs, lastSort, newPit);
        }
    }
}
