using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Every document with a vector at the kNN spec's field, scored as kNN scores it but without the top-k
/// cut: what a top-level knn section's inner_hits rank a matching document's nested objects by.
/// </summary>
internal sealed class ExactVectorQuery : Query
{
    public required KnnSpec Spec { get; init; }

    private readonly Dictionary<SearchTarget, VectorScorer?> _scorers = new();

    public override void Prepare(SearchTarget target)
    {
        if (_scorers.ContainsKey(target))
            return;
        var field = target.Field(Spec.Field);
        _scorers[target] = field?.Vector is { Indexed: true } options
            ? new VectorScorer(VectorColumn.For(target.Snapshot, Spec.Field), options, Spec.Field, Spec.QueryVectorFor(options))
            : null;
    }

    public override bool Matches(SearchTarget target, int doc, out float score)
    {
        score = _scorers.TryGetValue(target, out var scorer) && scorer != null ? scorer.Score(doc) : float.NaN;
        if (float.IsNaN(score))
            return false;
        score *= Boost;
        return true;
    }
}
