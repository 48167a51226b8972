namespace VectorReindex.LocalNode.Search;

/// <summary>What a search found: every hit in order (before from/size), the total, and the shards read.</summary>
internal sealed record SearchResult(List<Hit> Hits, long TotalHits, int Shards, bool Sorted, bool ScoresTracked, Query Query);
