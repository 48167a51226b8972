using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// One shard's field usage since it started tracking: per field, how many shard-level searches read it at all
/// (<c>any</c>) and in each way, as GET _field_usage_stats reports them.
/// </summary>
internal sealed class ShardFieldUsage
{
    private static readonly FieldUsage[] InvertedIndex = { FieldUsage.Terms, FieldUsage.Postings, FieldUsage.Proximity, FieldUsage.Positions, FieldUsage.TermFrequencies, FieldUsage.Offsets, FieldUsage.Payloads };
    private static readonly (string Name, FieldUsage Usage)[] Others =
    {
        ("stored_fields", FieldUsage.StoredFields), ("doc_values", FieldUsage.DocValues), ("points", FieldUsage.Points),
        ("norms", FieldUsage.Norms), ("term_vectors", FieldUsage.TermVectors), ("knn_vectors", FieldUsage.KnnVectors),
    };
    private const int Kinds = 13;

    private readonly Dictionary<string, long[]> _fields = new(StringComparer.Ordinal);

    public ShardFieldUsage(string trackingId, long startedAtMillis)
    {
        TrackingId = trackingId;
        StartedAtMillis = startedAtMillis;
    }

    public string TrackingId { get; }
    public long StartedAtMillis { get; }

    /// <summary>Counts one shard-level search that read these fields in these ways.</summary>
    public void Record(IReadOnlyDictionary<string, FieldUsage> usage)
    {
        lock (_fields)
        {
            foreach (var (field, kinds) in usage)
            {
                if (kinds == FieldUsage.None)
                    continue;
                if (!_fields.TryGetValue(field, out var counts))
                    _fields[field] = counts = new long[Kinds + 1];
                counts[Kinds]++;
                for (var i = 0; i < Kinds; i++)
                    if ((kinds & (FieldUsage)(1 << i)) != 0)
                        counts[i]++;
            }
        }
    }

    /// <summary>The stats object: all_fields (the sums) and fields, limited to the fields the patterns name.</summary>
    public JsonObject ToJson(Func<string, bool> included)
    {
        var all = new long[Kinds + 1];
        var fields = new JsonObject();
        lock (_fields)
        {
            foreach (var (field, counts) in _fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                if (!included(field))
                    continue;
                for (var i = 0; i <= Kinds; i++)
                    all[i] += counts[i];
                fields[field] = Counts(counts);
            }
        }
        return new JsonObject { ["all_fields"] = Counts(all), ["fields"] = fields };
    }

    private static JsonObject Counts(long[] counts)
    {
        static long Of(long[] c, FieldUsage u) => c[System.Numerics.BitOperations.Log2((uint)u)];
        var inverted = new JsonObject();
        foreach (var (name, usage) in new[] { "terms", "postings", "proximity", "positions", "term_frequencies", "offsets", "payloads" }.Zip(InvertedIndex))
            inverted[name] = Of(counts, usage);
        var result = new JsonObject { ["any"] = counts[Kinds], ["inverted_index"] = inverted };
        foreach (var (name, usage) in Others)
            result[name] = Of(counts, usage);
        return result;
    }
}
