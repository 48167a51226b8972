using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Walks the keys (id and routing) of the documents matching a query through a point in time, sorted on
    /// _shard_doc with search_after: every match exactly once, however the index changes meanwhile. A point in
    /// time lost on the way (expiry, node restart) is reopened and the walk continues after its last page, in
    /// the new view of the index.
    /// </summary>
    public static class IdScanner
    {
        public static async Task<long> ScanAsync(ElasticsearchCluster transport, string index, JsonObject? query, int batchSize,
            Func<IReadOnlyList<DocumentKey>, Task> onBatch, ILogger logger, CancellationToken ct)
        {
            var search = new SearchApi(transport);
            var pit = await PointInTime.OpenAsync(search, index, "5m", logger, ct).ConfigureAwait(false);
            long total = 0;
            try
            {
                JsonArray? after = null;
                while (true)
                {
                    var (ids, last) = await pit.ReadPageAsync((id, token) => ReadPageAsync(search, id, pit.KeepAlive, query, after, batchSize, token), ct).ConfigureAwait(false);
                    if (ids.Count == 0) break;
                    total += ids.Count;
                    await onBatch(ids).ConfigureAwait(false);
                    after = last;
                    if (ids.Count < batchSize) break;
                }
            }
            finally
            {
                await pit.CloseAsync().ConfigureAwait(false);
            }
            return total;
        }

        private static async Task<((List<DocumentKey> Ids, JsonArray? Last) Page, string? PitId)> ReadPageAsync(SearchApi search, string pitId, string keepAlive,
            JsonObject? query, JsonArray? after, int batchSize, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["size"] = batchSize,
                ["_source"] = false,
                ["track_total_hits"] = false,
                ["query"] = query?.DeepClone() ?? new JsonObject { ["match_all"] = new JsonObject() },
                ["pit"] = new JsonObject { ["id"] = pitId, ["keep_alive"] = keepAlive },
                ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
            };
            if (after != null) body["search_after"] = after.DeepClone();
            var response = await search.SearchAsync(null, body, ct).ConfigureAwait(false);
            using var doc = response.ParseDocument();
            var newPit = doc.RootElement.TryGetProperty("pit_id", out var p) ? p.GetString() : null;
            var ids = new List<DocumentKey>(batchSize);
            JsonElement last = default;
            foreach (var hit in doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
            {
                ids.Add(new DocumentKey(hit.GetProperty("_id").GetString()!, hit.TryGetProperty("_routing", out var r) ? r.GetString() : null));
                last = hit;
            }
            var lastSort = ids.Count == 0 ? null : JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray();
            return ((ids, lastSort), newPit);
        }
    }
}
