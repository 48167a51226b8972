using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The values of one source path for every document of a snapshot, by document position: what
/// <see cref="SearchTarget.Values"/> reads, parsed from each source once per snapshot instead of once
/// per query. Built on first use and kept with the snapshot; a document the predecessor snapshot
/// already had (same seq_no) takes its values from the predecessor's column, so a refresh parses only
/// what was written since.
/// </summary>
internal sealed class FieldColumn
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, Lazy<FieldColumn>>> Cache = new();

    private readonly JsonNode[][] _values;

    private FieldColumn(JsonNode[][] values)
    {
        _values = values;
    }

    public int Count => _values.Length;

    public IReadOnlyList<JsonNode> Values(int doc) => _values[doc];

    public static FieldColumn For(SearchSnapshot snapshot, string path)
        => Cache.GetValue(snapshot, _ => new ConcurrentDictionary<string, Lazy<FieldColumn>>(StringComparer.Ordinal))
            .GetOrAdd(path, p => new Lazy<FieldColumn>(() => Build(snapshot, p))).Value;

    /// <summary>The column if already built for the snapshot (never builds one).</summary>
    private static FieldColumn? Existing(SearchSnapshot snapshot, string path)
        => Cache.TryGetValue(snapshot, out var columns) && columns.TryGetValue(path, out var lazy) && lazy.IsValueCreated ? lazy.Value : null;

    private static FieldColumn Build(SearchSnapshot snapshot, string path)
    {
        var docs = snapshot.Documents;
        var values = new JsonNode[docs.Count][];
        var previous = snapshot.Predecessor is { } predecessor && Existing(predecessor, path) is { } column ? (predecessor.Documents, column) : default;
        var p = 0;
        var scratch = new List<JsonNode>();
        for (var i = 0; i < docs.Count; i++)
        {
            var doc = docs[i];
            if (previous.column != null)
            {
                // Both snapshots list documents in seq_no order, so one forward walk pairs them up.
                while (p < previous.Documents.Count && previous.Documents[p].SeqNo < doc.SeqNo)
                    p++;
                if (p < previous.Documents.Count && previous.Documents[p].SeqNo == doc.SeqNo)
                {
                    values[i] = previous.column._values[p];
                    continue;
                }
            }
            values[i] = Extract(doc, path, scratch);
        }
        return new FieldColumn(values);
    }

    /// <summary>The path's leaf values, each detached from the parsed source so the column does not keep whole documents alive.</summary>
    private static JsonNode[] Extract(StoredDocument doc, string path, List<JsonNode> scratch)
    {
        scratch.Clear();
        var source = JsonNode.Parse(doc.SourceFor(path).Span) as JsonObject ?? new JsonObject();
        SourceValues.Collect(source, path, scratch);
        if (scratch.Count == 0)
            return Array.Empty<JsonNode>();
        var detached = new JsonNode[scratch.Count];
        for (var i = 0; i < scratch.Count; i++)
            detached[i] = JsonNode.Parse(scratch[i].ToJsonString())!;
        return detached;
    }
}
