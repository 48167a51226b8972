using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// The knn query: per target (one shard per index), the k nearest documents that pass the knn filter
/// and the alias filter (both pre-filters), scored by the field's similarity times the boost.
/// </summary>
internal sealed class KnnQuery : Query
{
    private readonly Dictionary<SearchTarget, Dictionary<int, float>> _hits = new();

    public required KnnSpec Spec { get; init; }

    public override IEnumerable<Query> Children => Spec.Filters;

    public override void Prepare(SearchTarget target)
    {
        foreach (var filter in Spec.Filters)
            filter.Prepare(target);
        var top = Nearest(target, Spec, Spec.K);
        _hits[target] = top == null ? new Dictionary<int, float>() : top.ToSortedList().ToDictionary(h => h.Doc, h => h.Score);
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        if (_hits.TryGetValue(target, out var hits) && hits.TryGetValue(doc, out score))
        {
            score *= Boost;
            return true;
        }
        score = 0;
        return false;
    }

    public override int[]? Candidates(SearchTarget target)
        => _hits.TryGetValue(target, out var hits) ? DocSets.Normalize(hits.Keys.ToList()) : null;

    /// <summary>
    /// The k nearest accepted documents of one target, or null when the field is unmapped there. On a
    /// field of nested objects below the target's documents, each document scores with its nearest object
    /// and k counts documents (Elasticsearch's diversifying child kNN); the filters apply to the documents.
    /// </summary>
    public static TopK? Nearest(SearchTarget target, KnnSpec spec, int k)
    {
        if (target.Mapping.Fields.TryGetValue(spec.Field, out var mapped) && mapped.NestedPath is { } nestedPath && nestedPath != target.NestedScope
            && (target.NestedScope == null || nestedPath.StartsWith(target.NestedScope + ".", StringComparison.Ordinal)))
            return NearestParents(target, spec, k, nestedPath);
        if (target.Parent is { } parent && mapped?.NestedPath == target.NestedScope)
        {
            // Inside a nested query each filter is over the objects' fields or over their documents' (a
            // pre-filter on the top-level metadata), as Elasticsearch's nested knn query takes both.
            var objectFilters = spec.Filters.Where(f => ReadsScope(f, target)).ToList();
            var parentFilters = spec.Filters.Where(f => !ReadsScope(f, target)).ToList();
            foreach (var filter in parentFilters)
                filter.Prepare(parent.Target);
            Func<int, bool>? accept = parentFilters.Count == 0 ? null
                : child => parentFilters.All(f => f.Matches(parent.Target, parent.Join.ParentOf(child), out _));
            return Diversified(target, parent.Join, spec, k, accept, objectFilters);
        }
        return NearestDocuments(target, spec, k, null, spec.Filters);
    }

    /// <summary>Whether a filter reads fields of the target's own nested scope (else it is over the documents holding its objects).</summary>
    private static bool ReadsScope(Query query, SearchTarget target)
    {
        bool InScope(string field) => target.Mapping.Fields.TryGetValue(field, out var f) && f.NestedPath == target.NestedScope;
        var reads = query switch
        {
            FieldQuery field => InScope(field.Field),
            ExistsQuery exists => InScope(exists.Field) || target.Mapping.Fields.Values.Any(f => f.NestedPath == target.NestedScope && f.Path.StartsWith(exists.Field + ".", StringComparison.Ordinal)),
            NestedQuery nested => nested.Path.StartsWith(target.NestedScope + ".", StringComparison.Ordinal),
            _ => false,
        };
        return reads || query.Children.Any(child => ReadsScope(child, target));
    }

    /// <summary>The documents of <paramref name="target"/> whose nearest object at <paramref name="nestedPath"/> is among the k nearest, each with that object's score.</summary>
    private static TopK NearestParents(SearchTarget target, KnnSpec spec, int k, string nestedPath)
    {
        var alias = target.AliasFilter;
        alias?.Prepare(target);
        bool[]? accepted = null;
        if (alias != null || spec.Filters.Count > 0)
        {
            accepted = new bool[target.Count];
            for (var doc = 0; doc < target.Count; doc++)
                accepted[doc] = (alias == null || alias.Matches(target, doc, out _)) && spec.Filters.All(f => f.Matches(target, doc, out _));
        }
        var children = target.Nested(nestedPath);
        var join = children.Parent!.Value.Join;
        var nearest = Diversified(children, join, spec, k, accepted == null ? null : child => accepted[join.ParentOf(child)], Array.Empty<Query>());
        var parents = new TopK(k);
        foreach (var (child, score) in nearest.ToSortedList())
            parents.Offer(join.ParentOf(child), score);
        return parents;
    }

    /// <summary>
    /// The k nearest nested objects with at most one per parent document (its nearest): the search widens
    /// until k parents are found or every object was considered.
    /// </summary>
    private static TopK Diversified(SearchTarget children, NestedDocuments join, KnnSpec spec, int k, Func<int, bool>? accept, IReadOnlyList<Query> filters)
    {
        var wanted = Math.Max(k, 1);
        while (true)
        {
            var top = NearestDocuments(children, spec, wanted, accept, filters) ?? new TopK(k);
            var best = new Dictionary<int, (int Child, float Score)>();
            foreach (var (child, score) in top.ToSortedList())
                best.TryAdd(join.ParentOf(child), (child, score));
            if (best.Count >= k || top.Count < wanted || wanted >= children.Count)
            {
                var result = new TopK(k);
                foreach (var (child, score) in best.Values)
                    result.Offer(child, score);
                return result;
            }
            wanted = (int)Math.Min((long)wanted * 2, children.Count);
        }
    }

    /// <param name="accept">Which documents may be found, when the caller decided that (the parents' filters); null: all.</param>
    /// <param name="filters">The spec's filters that are matched against these documents (not those over their parents).</param>
    private static TopK? NearestDocuments(SearchTarget target, KnnSpec spec, int k, Func<int, bool>? accept, IReadOnlyList<Query> filters)
    {
        var field = target.Field(spec.Field);
        if (field == null)
        {
            if (spec.IsVectorSimilarityQuery || target.Index.Settings.Get("index.query.parse.allow_unmapped_fields") == "false")
                throw new ElasticsearchException(400, "query_shard_exception", $"No field mapping can be found for the field with name [{spec.Field}]").WithIndex(target.Index.Name, target.Index.Uuid);
            return null;
        }
        if (field.Vector == null)
            throw Errors.IllegalArgument($"[knn] queries are only supported on [dense_vector] fields");
        if (!field.Vector.Indexed)
            throw Errors.IllegalArgument($"to perform knn search on field [{spec.Field}], its mapping must have [index] set to [true]");
        var scorer = new VectorScorer(VectorColumn.For(target.Snapshot, spec.Field), field.Vector, spec.Field, spec.QueryVectorFor(field.Vector));
        var alias = target.AliasFilter;
        TopK top;
        if (filters.Count == 0 && alias == null)
            top = scorer.Search(target.Count, k, accept);
        else
        {
            alias?.Prepare(target);
            bool Accepts(int doc) => (accept == null || accept(doc)) && (alias == null || alias.Matches(target, doc, out _)) && filters.All(f => f.Matches(target, doc, out _));
            if ((target.UseFieldIndexes ? Allowed(target, alias, filters) : null) is not { } allowed)
                top = scorer.Search(target.Count, k, Accepts);
            else
            {
                // The filters' indexes narrow the documents down: check each candidate once, then score the
                // accepted ones straight from their vectors when they are few, or mask the pruned scan.
                var accepted = new List<int>(allowed.Length);
                foreach (var doc in allowed)
                    if (Accepts(doc))
                        accepted.Add(doc);
                if ((long)accepted.Count * SelectiveFilterRatio <= target.Count || target.Count < VectorScorer.PrunedScanMinimumDocs)
                    top = scorer.SearchAmong(accepted, k);
                else
                {
                    var mask = new bool[target.Count];
                    foreach (var doc in accepted)
                        mask[doc] = true;
                    top = scorer.Search(target.Count, k, doc => mask[doc]);
                }
            }
        }
        if (spec.Similarity is not { } similarity)
            return top;
        var threshold = spec.IsVectorSimilarityQuery && field.Vector.Similarity == "l2_norm" && field.Vector.ElementType != VectorElementType.Bit
            ? 1f / (1f + similarity)
            : scorer.ScoreOfSimilarity(similarity);
        var filtered = new TopK(k);
        foreach (var (doc, score) in top.ToSortedList())
            if (score >= threshold)
                filtered.Offer(doc, score);
        return filtered;
    }

    /// <summary>
    /// Above one accepted document in this many, the pruned scan over every vector (int8 first pass) beats
    /// scoring the accepted ones exactly from their floats.
    /// </summary>
    private const int SelectiveFilterRatio = 8;

    /// <summary>The documents the filters' indexes allow, ascending (null when no filter narrows them).</summary>
    private static int[]? Allowed(SearchTarget target, Query? alias, IReadOnlyList<Query> filters)
    {
        int[]? allowed = null;
        foreach (var filter in filters.Prepend(alias))
            if (filter?.Candidates(target) is { } set)
                allowed = allowed == null ? set : DocSets.Intersect(allowed, set);
        return allowed;
    }
}

/// <summary>The documents a top-level knn section selected (across all targets), with their scores.</summary>
internal sealed class KnnResultQuery : Query
{
    public required Dictionary<(SearchTarget Target, int Doc), float> Hits { get; init; }

    /// <summary>The section's inner_hits on a nested field: the selected documents' objects ranked by the query vector.</summary>
    public NestedQuery? InnerHits { get; init; }

    public override IEnumerable<Query> Children => InnerHits == null ? Array.Empty<Query>() : new Query[] { InnerHits };

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        if (Hits.TryGetValue((target, doc), out score))
        {
            score *= Boost;
            return true;
        }
        return false;
    }

    public override int[]? Candidates(SearchTarget target)
        => DocSets.Normalize(Hits.Keys.Where(k => k.Target == target).Select(k => k.Doc).ToList());
}
