namespace VectorReindex.LocalNode.Search;

/// <summary>
/// A compiled query: decides whether a document of a target matches and with what score.
/// Prepare runs once per target before matching (kNN finds its top k there).
/// </summary>
internal abstract class Query
{
    public float Boost { get; init; } = 1f;

    /// <summary>The query's _name, reported in matched_queries.</summary>
    public string? Name { get; init; }

    public virtual IEnumerable<Query> Children => Array.Empty<Query>();

    public virtual void Prepare(SearchTarget target)
    {
        foreach (var child in Children)
            child.Prepare(target);
    }

    public abstract bool Matches(SearchTarget target, int doc, out float score);

    /// <summary>
    /// Ascending positions of the target's documents that may match, found in its per-field indexes:
    /// every match is among them, and <see cref="Matches"/> decides each. Null when the query cannot
    /// narrow the documents down (every document must be checked). Called after <see cref="Prepare"/>.
    /// </summary>
    public virtual int[]? Candidates(SearchTarget target) => null;

    /// <summary>Adds the names (with scores) of this query and its sub-queries that match the document.</summary>
    public void CollectMatched(SearchTarget target, int doc, Dictionary<string, float> matched)
    {
        if (Name != null && Matches(target, doc, out var score))
            matched[Name] = score;
        foreach (var child in Children)
            child.CollectMatched(target, doc, matched);
    }
}
