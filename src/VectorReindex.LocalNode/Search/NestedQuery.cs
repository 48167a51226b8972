using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search;

/// <summary>How a nested query scores a document from its matching nested objects (score_mode).</summary>
internal enum NestedScoreMode
{
    Avg,
    Max,
    Min,
    Sum,
    None,
}

/// <summary>
/// The nested query: runs its query on the objects at a nested path, each as a document of its own, and
/// matches the documents holding at least one matching object, scored from those objects' scores by
/// <see cref="ScoreMode"/>. Keeps the matching objects for inner_hits.
/// </summary>
internal sealed class NestedQuery : Query
{
    public required string Path { get; init; }
    public required Query Inner { get; init; }
    public NestedScoreMode ScoreMode { get; init; } = NestedScoreMode.Avg;
    public bool IgnoreUnmapped { get; init; }
    public InnerHitsSpec? InnerHits { get; init; }

    private readonly Dictionary<SearchTarget, ObjectMatches> _matches = new();

    /// <summary>Per document that matches: its score and its matching objects (positions in the nested target) with theirs.</summary>
    private sealed record ObjectMatches(SearchTarget? Children, Dictionary<int, (float Score, List<(int Child, float Score)> Objects)> ByParent);

    public override void Prepare(SearchTarget target)
    {
        if (_matches.ContainsKey(target))
            return;
        if (!target.Mapping.NestedObjects.ContainsKey(Path))
        {
            if (IgnoreUnmapped && !target.Mapping.ObjectDynamic.ContainsKey(Path))
            {
                _matches[target] = new ObjectMatches(null, new());
                return;
            }
            var reason = target.Mapping.ObjectDynamic.ContainsKey(Path)
                ? $"[nested] nested object under path [{Path}] is not of nested type"
                : $"[nested] failed to find nested object under path [{Path}]";
            throw new ElasticsearchException(400, "query_shard_exception", "failed to create query: " + reason, new ElasticsearchException(500, "illegal_state_exception", reason)).AsRootCause()
                .WithIndex(target.Index.Name, target.Index.Uuid);
        }
        var children = target.Nested(Path);
        var join = children.Parent!.Value.Join;
        Inner.Prepare(children);
        var byParent = new Dictionary<int, (float Score, List<(int, float)> Objects)>();
        var candidates = Inner.Candidates(children);
        var count = candidates?.Length ?? children.Count;
        for (var i = 0; i < count; i++)
        {
            var child = candidates?[i] ?? i;
            if (!Inner.Matches(children, child, out var score))
                continue;
            var parent = join.ParentOf(child);
            if (!byParent.TryGetValue(parent, out var entry))
                entry = (0f, new List<(int, float)>());
            entry.Objects.Add((child, score));
            byParent[parent] = entry;
        }
        foreach (var parent in byParent.Keys.ToList())
        {
            var objects = byParent[parent].Objects;
            var score = ScoreMode switch
            {
                NestedScoreMode.Max => objects.Max(o => o.Item2),
                NestedScoreMode.Min => objects.Min(o => o.Item2),
                NestedScoreMode.Sum => objects.Sum(o => o.Item2),
                NestedScoreMode.None => 0f,
                _ => objects.Sum(o => o.Item2) / objects.Count,
            };
            byParent[parent] = (score, objects);
        }
        _matches[target] = new ObjectMatches(children, byParent);
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        if (_matches.TryGetValue(target, out var matches) && matches.ByParent.TryGetValue(doc, out var entry))
        {
            score = entry.Score * Boost;
            return true;
        }
        score = 0;
        return false;
    }

    public override int[]? Candidates(SearchTarget target)
        => _matches.TryGetValue(target, out var matches) ? matches.ByParent.Keys.Order().ToArray() : null;

    private ExactVectorQuery? _exactKnn;

    /// <summary>
    /// The nested target and the matching objects of <paramref name="doc"/> (best first), or null when it has
    /// none. For a knn query that is every object of the document with a vector, scored exactly: the kNN
    /// search picked the document by its nearest object, and its inner hits rank all of them (as
    /// Elasticsearch rewrites a nested knn query for inner hits since 8.13).
    /// </summary>
    public (SearchTarget Children, IReadOnlyList<(int Child, float Score)> Objects)? MatchingObjects(SearchTarget target, int doc)
    {
        if (!_matches.TryGetValue(target, out var matches) || matches.Children == null || !matches.ByParent.TryGetValue(doc, out var entry))
            return null;
        IEnumerable<(int Child, float Score)> objects = entry.Objects;
        if (Inner is KnnQuery knn)
        {
            _exactKnn ??= new ExactVectorQuery { Spec = knn.Spec, Boost = knn.Boost };
            _exactKnn.Prepare(matches.Children);
            var (start, end) = matches.Children.Parent!.Value.Join.ChildrenOf(doc);
            var scored = new List<(int, float)>();
            for (var child = start; child < end; child++)
                if (_exactKnn.Matches(matches.Children, child, out var score))
                    scored.Add((child, score));
            objects = scored;
        }
        return (matches.Children, objects.OrderByDescending(o => o.Score).ThenBy(o => o.Child).ToList());
    }

    /// <summary>The nested queries of a query tree that ask for inner_hits, the nested ones inside them excluded.</summary>
    public static IEnumerable<NestedQuery> WithInnerHits(Query query)
    {
        if (query is NestedQuery { InnerHits: not null } nested)
        {
            yield return nested;
            yield break;
        }
        foreach (var child in query.Children)
            foreach (var found in WithInnerHits(child))
                yield return found;
    }
}
