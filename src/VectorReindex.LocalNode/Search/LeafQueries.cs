using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>match_all (and match_none when <see cref="None"/>).</summary>
internal sealed class MatchAllQuery : Query
{
    public bool None { get; init; }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        return !None;
    }

    public override int[]? Candidates(SearchTarget target) => None ? Array.Empty<int>() : null;
}

/// <summary>
/// A query on one field's values: term, terms, match, prefix, wildcard, exists, range.
/// The metadata fields _id and _index are matched as keywords.
/// </summary>
internal sealed class FieldQuery : Query
{
    public required string Field { get; init; }
    public required Func<FieldMapping, JsonNode, bool> Predicate { get; init; }

    /// <summary>Whether the query matches an _id or _index value given as text (null: metadata never matches).</summary>
    public Func<string, bool>? MetadataPredicate { get; init; }

    /// <summary>The analyzed query terms when the query scores by BM25 (term and match); null scores a constant.</summary>
    public IReadOnlyCollection<string>? ScoredTerms { get; init; }

    /// <summary>For text fields the terms are the analyzed tokens; for keywords the raw value.</summary>
    public IReadOnlyCollection<string>? RawTerms { get; init; }

    /// <summary>
    /// Finds in the field's index the documents the predicate may accept (a superset, in ascending
    /// order), or null when the index cannot tell for this field kind; null when absent.
    /// </summary>
    public Func<FieldIndex, FieldMapping, int[]?>? Lookup { get; init; }

    /// <summary>Checks the query against the field's mapping once per target (a range bound a number field cannot read).</summary>
    public Action<FieldMapping, SearchTarget>? Validate { get; init; }

    /// <summary>
    /// Whether <see cref="Lookup"/> finds exactly the documents the predicate accepts (not a superset), so
    /// a target with field indexes decides matches and BM25 scores from the index alone.
    /// </summary>
    public bool LookupIsExact { get; init; }

    private readonly Dictionary<SearchTarget, Bm25?> _bm25 = new();
    private readonly Dictionary<SearchTarget, IndexedMatches?> _indexed = new();

    public override void Prepare(SearchTarget target)
    {
        if (Validate != null && target.Field(Field) is { } mapped)
            Validate(mapped, target);
        if (ScoredTerms != null && !_bm25.ContainsKey(target))
            _bm25[target] = Bm25For(target);
        Indexed(target);
    }

    private Bm25? Bm25For(SearchTarget target)
    {
        var field = target.Field(Field);
        return field != null && Bm25.Applies(field)
            ? target.UseFieldIndexes && target.Index.Mapping.Fields.ContainsKey(Field)
                ? new Bm25(FieldIndex.For(target.Snapshot, field, SourcePath(target, Field)), field, field.IsText ? ScoredTerms! : RawTerms ?? ScoredTerms!)
                : new Bm25(target, Field, SourcePath(target, Field), field, field.IsText ? ScoredTerms! : RawTerms ?? ScoredTerms!)
            : null;
    }

    /// <summary>The matches (ascending positions) and their scores read from the index, or null when it cannot tell exactly.</summary>
    private IndexedMatches? Indexed(SearchTarget target)
    {
        if (!LookupIsExact || Lookup == null || !target.UseFieldIndexes || Field is "_id" or "_index")
            return null;
        if (_indexed.TryGetValue(target, out var known))
            return known;
        IndexedMatches? result = null;
        var field = target.Field(Field);
        if (field == null || !target.Index.Mapping.Fields.ContainsKey(Field))
            result = new IndexedMatches(Array.Empty<int>(), null);
        else
        {
            var index = FieldIndex.For(target.Snapshot, field, SourcePath(target, Field));
            if (!(index.Kind == FieldIndexKind.Numeric && index.HasNaN) && Lookup(index, field) is { } docs)
            {
                _bm25.TryGetValue(target, out var bm25);
                var scores = bm25?.ScoreAll(index, docs, field.IsText ? ScoredTerms! : RawTerms ?? ScoredTerms!);
                if (bm25 == null || scores != null)
                    result = new IndexedMatches(docs, scores);
            }
        }
        _indexed[target] = result;
        return result;
    }

    public override int[]? Candidates(SearchTarget target)
    {
        if (Indexed(target) is { } indexed)
            return indexed.Docs;
        if (Field is "_id" or "_index" || Lookup == null)
            return null;
        var field = target.Field(Field);
        if (field == null || !target.Index.Mapping.Fields.ContainsKey(Field))
            return Array.Empty<int>();
        return Lookup(FieldIndex.For(target.Snapshot, field, SourcePath(target, Field)), field);
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        if (_indexed.TryGetValue(target, out var indexed) && indexed != null)
        {
            var i = Array.BinarySearch(indexed.Docs, doc);
            if (i < 0)
                return false;
            if (indexed.Scores != null)
                score = Boost * Math.Max(indexed.Scores[i], 0f);
            return true;
        }
        if (Field == "_id")
            return MetadataPredicate?.Invoke(target.Doc(doc).Id) == true;
        if (Field == "_index")
            return MetadataPredicate?.Invoke(target.Index.Name) == true;
        var field = target.Field(Field);
        if (field == null)
            return false;
        var path = Field;
        if (!target.Index.Mapping.Fields.ContainsKey(path))
            return false;
        var sourcePath = SourcePath(target, path);
        var values = target.Values(doc, sourcePath);
        foreach (var value in values)
            if (Predicate(field, value))
            {
                if (_bm25.TryGetValue(target, out var bm25) && bm25 != null)
                    score = Boost * Math.Max(bm25.Score(values, field.IsText ? ScoredTerms! : RawTerms ?? ScoredTerms!), 0f);
                return true;
            }
        return false;
    }

    /// <summary>A multi-field (name.keyword) reads its parent's source value.</summary>
    private static string SourcePath(SearchTarget target, string path)
    {
        var dot = path.LastIndexOf('.');
        if (dot > 0 && target.Field(path[..dot]) is { } parent && parent.Vector == null)
            return path[..dot];
        return path;
    }
}

/// <summary>A query's matches found in the field indexes: ascending positions and, when it scores by BM25, their scores.</summary>
internal sealed record IndexedMatches(int[] Docs, float[]? Scores);

/// <summary>exists: the field has at least one non-null value.</summary>
internal sealed class ExistsQuery : Query
{
    public required string Field { get; init; }

    // The documents with a value are exactly the matches when no vector field is named.
    private readonly Dictionary<SearchTarget, int[]?> _indexed = new();

    public override void Prepare(SearchTarget target)
    {
        if (target.UseFieldIndexes && !_indexed.ContainsKey(target))
            _indexed[target] = Candidates(target);
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        if (Field is "_id" or "_index")
            return true;
        if (_indexed.TryGetValue(target, out var indexed) && indexed != null)
            return Array.BinarySearch(indexed, doc) >= 0;
        if (target.Field(Field) is { Vector: not null })
            return target.Doc(doc).Vectors?.ContainsKey(Field) == true;
        var any = false;
        foreach (var name in target.Mapping.Fields.Keys)
        {
            if (name != Field && !name.StartsWith(Field + ".", StringComparison.Ordinal) && !Wildcard.Matches(Field, name))
                continue;
            if (target.Field(name) == null)
                continue;
            if (target.Values(doc, name).Count > 0 || target.Doc(doc).Vectors?.ContainsKey(name) == true)
            {
                any = true;
                break;
            }
        }
        return any;
    }

    public override int[]? Candidates(SearchTarget target)
    {
        if (Field is "_id" or "_index")
            return null;
        if (_indexed.TryGetValue(target, out var known))
            return known;
        var sets = new List<int[]>();
        foreach (var (name, field) in target.Mapping.Fields)
        {
            if (name != Field && !name.StartsWith(Field + ".", StringComparison.Ordinal) && !Wildcard.Matches(Field, name))
                continue;
            if (target.Field(name) == null)
                continue;
            if (field.Vector != null)
                return null;
            sets.Add(FieldIndex.For(target.Snapshot, field, name).DocsWithValues);
        }
        return DocSets.Union(sets);
    }
}

/// <summary>ids: the document's _id is one of the values.</summary>
internal sealed class IdsQuery : Query
{
    public required HashSet<string> Ids { get; init; }

    public override void Prepare(SearchTarget target)
    {
        var max = target.Index.Settings.MaxResultWindow;
        if (Ids.Count > max)
            throw new ElasticsearchException(400, "query_shard_exception", $"failed to create query: Too many ids specified, allowed max result window is [{max}]").WithIndex(target.Index.Name, target.Index.Uuid);
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = Boost;
        return Ids.Contains(target.Doc(doc).Id);
    }

    public override int[]? Candidates(SearchTarget target)
        => DocSets.Normalize(Ids.Select(target.Snapshot.PositionOf).Where(p => p >= 0).ToList());
}
