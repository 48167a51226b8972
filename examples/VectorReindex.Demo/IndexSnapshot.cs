using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Demo;

/// <summary>One document of the final index as the checks read it.</summary>
public sealed record StoredDocument(string Text, double Price, int Revision, float[] Vector, string? Routing, long Version);

/// <summary>Every document of an index, vectors, routing and version included, read through a point in time after a refresh.</summary>
public static class IndexSnapshot
{
    public static async Task<Dictionary<string, StoredDocument>> ReadAsync(ElasticsearchCluster cluster, string index, CancellationToken ct)
    {
        await new IndicesApi(cluster).RefreshAsync(index, ct);
        var found = new Dictionary<string, StoredDocument>();
        var search = new SearchApi(cluster);
        var pit = await search.OpenPointInTimeAsync(index, "5m", ct);
        JsonArray? after = null;
        while (true)
        {
            var body = new JsonObject
            {
                ["size"] = 5000,
                ["pit"] = new JsonObject { ["id"] = pit, ["keep_alive"] = "5m" },
                ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                ["track_total_hits"] = false,
                ["version"] = true,
            };
            if (cluster.Capabilities.MustAskForVectors) body["_source"] = new JsonObject { ["exclude_vectors"] = false };
            if (after != null) body["search_after"] = after;
            using var page = (await search.SearchAsync(null, body, ct)).ParseDocument();
            var hits = page.RootElement.GetProperty("hits").GetProperty("hits");
            if (hits.GetArrayLength() == 0) break;
            JsonElement last = default;
            foreach (var hit in hits.EnumerateArray())
            {
                var s = hit.GetProperty("_source");
                found[hit.GetProperty("_id").GetString()!] = new StoredDocument(s.GetProperty("text").GetString()!, s.GetProperty("price").GetDouble(),
                    s.GetProperty("revision").GetInt32(), s.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                    hit.TryGetProperty("_routing", out var routing) ? routing.GetString() : null, hit.GetProperty("_version").GetInt64());
                last = hit;
            }
            after = JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray();
        }
        await search.ClosePointInTimeAsync(pit, ct);
        return found;
    }
}
