using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Delta
{
    /// <summary>A document's key (id and routing) and its version: what the delta compares (no _source is read).</summary>
    public readonly struct IdVersion
    {
        public IdVersion(string id, long version, string? routing = null)
        {
            Id = id;
            Version = version;
            Routing = routing;
        }

        public string Id { get; }
        public long Version { get; }
        public string? Routing { get; }

        public DocumentKey Key => new DocumentKey(Id, Routing);
    }

    /// <summary>
    /// Reads the (_id, _version) stream of an index through a point in time, keeping the ids of one
    /// hash partition so memory stays bounded, and returns them sorted by (id, routing) for the merge-join.
    /// </summary>
    public static class VersionScanner
    {
        public static async Task<List<IdVersion>> ScanAsync(ElasticsearchCluster transport, string index, JsonObject? query,
            int partition, int partitions, CancellationToken ct)
        {
            var search = new SearchApi(transport);
            var pit = await search.OpenPointInTimeAsync(index, "5m", ct).ConfigureAwait(false);
            var result = new List<IdVersion>();
            try
            {
                JsonArray? after = null;
                const int size = 5000;
                while (true)
                {
                    var body = new JsonObject
                    {
                        ["size"] = size,
                        ["_source"] = false,
                        ["version"] = true,
                        ["track_total_hits"] = false,
                        ["pit"] = new JsonObject { ["id"] = pit, ["keep_alive"] = "5m" },
                        ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                    };
                    if (query != null) body["query"] = query.DeepClone();
                    if (after != null) body["search_after"] = after;
                    var response = await search.SearchAsync(null, body, ct).ConfigureAwait(false);
                    using var doc = response.ParseDocument();
                    if (doc.RootElement.TryGetProperty("pit_id", out var p) && p.GetString() is string newPit) pit = newPit;
                    var count = 0;
                    System.Text.Json.JsonElement last = default;
                    foreach (var hit in doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
                    {
                        count++;
                        last = hit;
                        var id = hit.GetProperty("_id").GetString()!;
                        if (partitions > 1 && Partition(id, partitions) != partition) continue;
                        result.Add(new IdVersion(id, hit.TryGetProperty("_version", out var v) ? v.GetInt64() : 1,
                            hit.TryGetProperty("_routing", out var r) ? r.GetString() : null));
                    }
                    if (count == 0) break;
                    after = JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray();
                    if (count < size) break;
                }
            }
            finally
            {
                try { await search.ClosePointInTimeAsync(pit, CancellationToken.None).ConfigureAwait(false); }
                catch (ElasticsearchException) { }
            }
            result.Sort((a, b) => a.Key.CompareTo(b.Key));
            return result;
        }

        /// <summary>A stable hash partition of an id (FNV-1a; string.GetHashCode differs per process).</summary>
        public static int Partition(string id, int partitions)
        {
            unchecked
            {
                var hash = 2166136261u;
                foreach (var c in id) hash = (hash ^ c) * 16777619u;
                return (int)(hash % (uint)partitions);
            }
        }
    }
}
