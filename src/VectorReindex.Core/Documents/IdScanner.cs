using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Walks the keys (id and routing) of the documents matching a query through a point in time, sorted on
    /// _shard_doc with search_after: every match exactly once, however the index changes meanwhile.
    /// </summary>
    public static class IdScanner
    {
        public static async Task<long> ScanAsync(ElasticsearchCluster transport, string index, JsonObject? query, int batchSize,
            Func<IReadOnlyList<DocumentKey>, Task> onBatch, CancellationToken ct)
        {
            var search = new SearchApi(transport);
            var pit = await search.OpenPointInTimeAsync(index, "5m", ct).ConfigureAwait(false);
            long total = 0;
            try
            {
                JsonArray? after = null;
                while (true)
                {
                    var body = new JsonObject
                    {
                        ["size"] = batchSize,
                        ["_source"] = false,
                        ["track_total_hits"] = false,
                        ["query"] = query?.DeepClone() ?? new JsonObject { ["match_all"] = new JsonObject() },
                        ["pit"] = new JsonObject { ["id"] = pit, ["keep_alive"] = "5m" },
                        ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                    };
                    if (after != null) body["search_after"] = after;
                    var response = await search.SearchAsync(null, body, ct).ConfigureAwait(false);
                    using var doc = response.ParseDocument();
                    if (doc.RootElement.TryGetProperty("pit_id", out var newPit) && newPit.GetString() is string p) pit = p;
                    var hits = doc.RootElement.GetProperty("hits").GetProperty("hits");
                    var ids = new List<DocumentKey>(batchSize);
                    JsonElement last = default;
                    foreach (var hit in hits.EnumerateArray())
                    {
                        ids.Add(new DocumentKey(hit.GetProperty("_id").GetString()!, hit.TryGetProperty("_routing", out var r) ? r.GetString() : null));
                        last = hit;
                    }
                    if (ids.Count == 0) break;
                    total += ids.Count;
                    await onBatch(ids).ConfigureAwait(false);
                    after = JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray();
                    if (ids.Count < batchSize) break;
                }
            }
            finally
            {
                try { await search.ClosePointInTimeAsync(pit, CancellationToken.None).ConfigureAwait(false); }
                catch (ElasticsearchException) { /* it expires on its own */ }
            }
            return total;
        }
    }
}
