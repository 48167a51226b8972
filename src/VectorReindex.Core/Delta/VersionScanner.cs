using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
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
    /// A PIT lost mid-scan (expiry, node restart) is reopened and the scan continues after its last page;
    /// <see cref="PitReopened"/> tells the caller that the scan crossed two views of the index.
    /// </summary>
    public sealed class VersionScanner
    {
        public const int DefaultPageSize = 5000;

        private readonly ElasticsearchCluster _cluster;
        private readonly string _keepAlive;
        private readonly ILogger _logger;
        private int _reopened;

        public VersionScanner(ElasticsearchCluster cluster, string keepAlive, ILogger logger)
        {
            _cluster = cluster;
            _keepAlive = keepAlive;
            _logger = logger;
        }

        public int PageSize { get; set; } = DefaultPageSize;

        /// <summary>Called after each page with the hits read so far by the current scan (on the scanning thread).</summary>
        public Action<string, long>? OnPage { get; set; }

        /// <summary>Times a scan of this scanner found its point in time lost and reopened it.</summary>
        public int PitReopened => Volatile.Read(ref _reopened);

        public async Task<List<IdVersion>> ScanAsync(string index, JsonObject? query, int partition, int partitions, CancellationToken ct)
        {
            var search = new SearchApi(_cluster);
            var pit = await PointInTime.OpenAsync(search, index, _keepAlive, _logger, ct).ConfigureAwait(false);
            var result = new List<IdVersion>();
            try
            {
                JsonArray? after = null;
                long read = 0;
                while (true)
                {
                    var (count, last) = await pit.ReadPageAsync((id, token) => ReadPageAsync(search, id, query, after, partition, partitions, result, token), ct).ConfigureAwait(false);
                    read += count;
                    if (count == 0) break;
                    after = last;
                    OnPage?.Invoke(index, read);
                    if (count < PageSize) break;
                }
            }
            finally
            {
                Interlocked.Add(ref _reopened, pit.Reopened);
                await pit.CloseAsync().ConfigureAwait(false);
            }
            result.Sort((a, b) => a.Key.CompareTo(b.Key));
            return result;
        }

        /// <summary>One page: its hits of the partition are added to <paramref name="into"/>; returns how many hits it had and the last one's sort values.</summary>
        private async Task<((int Count, JsonArray? Last) Page, string? PitId)> ReadPageAsync(SearchApi search, string pitId, JsonObject? query, JsonArray? after,
            int partition, int partitions, List<IdVersion> into, CancellationToken ct)
        {
            var body = new JsonObject
            {
                ["size"] = PageSize,
                ["_source"] = false,
                ["version"] = true,
                ["track_total_hits"] = false,
                ["pit"] = new JsonObject { ["id"] = pitId, ["keep_alive"] = _keepAlive },
                ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
            };
            if (query != null) body["query"] = query.DeepClone();
            if (after != null) body["search_after"] = after.DeepClone();
            var response = await search.SearchAsync(null, body, ct).ConfigureAwait(false);
            using var doc = response.ParseDocument();
            var newPit = doc.RootElement.TryGetProperty("pit_id", out var p) ? p.GetString() : null;
            var count = 0;
            JsonElement last = default;
            foreach (var hit in doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
            {
                count++;
                last = hit;
                var id = hit.GetProperty("_id").GetString()!;
                if (partitions > 1 && Partition(id, partitions) != partition) continue;
                into.Add(new IdVersion(id, hit.TryGetProperty("_version", out var v) ? v.GetInt64() : 1,
                    hit.TryGetProperty("_routing", out var r) ? r.GetString() : null));
            }
            var lastSort = count == 0 ? null : JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray();
            return ((count, lastSort), newPit);
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
