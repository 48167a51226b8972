namespace VectorReindex.LocalNode.Search;

/// <summary>
/// What a search found: every hit in order (before from/size), the total, the shards read, and the
/// documents its aggregations summarize: the query's matches, before post_filter and search_after, as in Elasticsearch.
/// </summary>
internal sealed record SearchResult(List<Hit> Hits, long TotalHits, int Shards, bool Sorted, bool ScoresTracked, Query Query)
{
    public List<Hit> AggregationMatches { get; init; } = Hits;
}
