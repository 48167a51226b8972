using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// The shards a search reads, in the order Elasticsearch numbers them for the request (its
/// GroupShardsIterator sorts by ShardId: shard number, then index name, then index uuid). The position
/// in that order is the shard request index that _shard_doc, slices and hit tie-breaking use.
/// </summary>
internal static class ShardTargets
{
    public static List<(LocalIndex Index, int Shard, JsonNode? Filter)> Select(IEnumerable<ResolvedIndex> resolved)
    {
        var shards = new List<(LocalIndex Index, int Shard, JsonNode? Filter)>();
        foreach (var (index, filter, routing) in resolved)
        {
            var numbers = routing == null
                ? Enumerable.Range(0, index.Shards.Count)
                : routing.SelectMany(index.Routing.SearchShards).Distinct();
            shards.AddRange(numbers.Select(n => (index, n, filter)));
        }
        shards.Sort(static (a, b) =>
        {
            var c = a.Shard.CompareTo(b.Shard);
            if (c == 0)
                c = string.CompareOrdinal(a.Index.Name, b.Index.Name);
            return c != 0 ? c : string.CompareOrdinal(a.Index.Uuid, b.Index.Uuid);
        });
        return shards;
    }

    /// <summary>Search targets over the shards' current refresh snapshots.</summary>
    public static List<SearchTarget> Current(IEnumerable<ResolvedIndex> resolved)
    {
        var shards = Select(resolved);
        return shards.Select((s, i) => new SearchTarget(i, shards.Count, s.Index, s.Shard, s.Index.Shards[s.Shard].Snapshot, s.Filter)).ToList();
    }

    /// <summary>Search targets over a point in time's snapshots, in the order they were taken.</summary>
    public static List<SearchTarget> Of(PointInTime pit)
        => pit.Shards.Select((s, i) => new SearchTarget(i, pit.Shards.Count, s.Index, s.Shard, s.Snapshot, s.Filter)).ToList();
}
