namespace VectorReindex.LocalNode.Search;

/// <summary>One matching document: where it is, its score and, when sorted, its sort values.</summary>
internal sealed record Hit(SearchTarget Target, int Doc, float Score, object?[]? SortValues);
