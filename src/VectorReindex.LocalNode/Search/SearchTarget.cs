using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// One shard as a search reads it: an index and shard number, the snapshot being read (the current
/// one, or a point in time's), its position among the request's shards (the shard request index of
/// _shard_doc and slices) and the alias filter that applies. Parses sources lazily, once per request.
/// </summary>
internal sealed class SearchTarget
{
    private JsonObject?[]? _parsed;

    public SearchTarget(int shardIndex, int requestShards, LocalIndex index, int shardId, SearchSnapshot snapshot, JsonNode? aliasFilter, bool useFieldIndexes = true)
    {
        ShardIndex = shardIndex;
        RequestShards = requestShards;
        Index = index;
        ShardId = shardId;
        Snapshot = snapshot;
        AliasFilterJson = aliasFilter;
        Mapping = index.Mapping;
        UseFieldIndexes = useFieldIndexes;
    }

    /// <summary>
    /// Whether queries read the snapshot's per-field indexes (value columns, postings, sorted doc values)
    /// to find their candidates; false evaluates every document from its parsed source, the reference
    /// the indexes must agree with.
    /// </summary>
    public bool UseFieldIndexes { get; }

    /// <summary>The factor indices_boost gives this index's scores (1 when none applies).</summary>
    public float IndexBoost { get; set; } = 1f;

    /// <summary>This shard's position among the request's shards.</summary>
    public int ShardIndex { get; }

    /// <summary>How many shards the request reads.</summary>
    public int RequestShards { get; }

    public LocalIndex Index { get; }

    /// <summary>The shard number within its index.</summary>
    public int ShardId { get; }
    public SearchSnapshot Snapshot { get; }
    public JsonNode? AliasFilterJson { get; }

    private Query? _aliasFilter;

    /// <summary>The alias filter compiled (null when the request named no filtered alias).</summary>
    public Query? AliasFilter => AliasFilterJson == null ? null : _aliasFilter ??= QueryParser.Parse(AliasFilterJson);
    public IndexMapping Mapping { get; }
    public int Count => Snapshot.Documents.Count;

    public StoredDocument Doc(int doc) => Snapshot.Documents[doc];

    public JsonObject Source(int doc)
    {
        _parsed ??= new JsonObject?[Snapshot.Documents.Count];
        return _parsed[doc] ??= JsonNode.Parse(Snapshot.Documents[doc].FullSource().Span) as JsonObject ?? new JsonObject();
    }

    /// <summary>The field at <paramref name="path"/> as this target's documents hold it: null when unmapped or another nested scope's.</summary>
    public FieldMapping? Field(string path) => Mapping.Fields.TryGetValue(path, out var f) && (Mapping.NestedObjects.Count == 0 || Mapping.IsVisible(f, NestedScope)) ? f : null;

    /// <summary>The nested path whose objects this target's documents are (null: the indexed documents themselves).</summary>
    public string? NestedScope { get; private init; }

    /// <summary>For a target of nested objects: the documents they belong to and how each joins its parent.</summary>
    public (SearchTarget Target, NestedDocuments Join)? Parent { get; private init; }

    private Dictionary<string, SearchTarget>? _nested;

    /// <summary>The objects at nested <paramref name="path"/> of this target's documents, as a target of their own (built once per request).</summary>
    public SearchTarget Nested(string path)
    {
        _nested ??= new Dictionary<string, SearchTarget>(StringComparer.Ordinal);
        if (_nested.TryGetValue(path, out var known))
            return known;
        var join = NestedDocuments.For(Snapshot, Mapping, path);
        var child = new SearchTarget(ShardIndex, RequestShards, Index, ShardId, join.Snapshot, null, UseFieldIndexes)
        {
            NestedScope = path,
            Parent = (this, join),
            IndexBoost = IndexBoost,
        };
        _nested[path] = child;
        return child;
    }

    /// <summary>
    /// The leaf values of a dotted path (arrays flattened, dotted keys honoured); empty when absent.
    /// Read from the snapshot's value column for the path, so the source is parsed once per snapshot.
    /// </summary>
    public IReadOnlyList<JsonNode> Values(int doc, string path)
        => UseFieldIndexes ? FieldColumn.For(Snapshot, path).Values(doc) : ParsedValues(doc, path);

    /// <summary>The same values read from this request's parse of the source (for the few documents a fetch reads).</summary>
    public IReadOnlyList<JsonNode> ParsedValues(int doc, string path)
    {
        var result = new List<JsonNode>();
        SourceValues.Collect(Source(doc), path, result);
        return result;
    }
}
