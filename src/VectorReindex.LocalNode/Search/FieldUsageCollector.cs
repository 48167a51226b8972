namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Which fields one shard-level search reads and how: the query's fields (terms and postings, points for
/// numbers and dates, norms and frequencies for scored text, knn_vectors for kNN), sort and docvalue_fields
/// (doc values) and, on a shard whose hits are fetched, the stored _id and _source.
/// </summary>
internal static class FieldUsageCollector
{
    public static Dictionary<string, FieldUsage> Collect(SearchRequest request, SearchTarget target, bool fetched)
    {
        var usage = new Dictionary<string, FieldUsage>(StringComparer.Ordinal);
        foreach (var spec in request.Knn)
            Add(usage, spec.Field, FieldUsage.KnnVectors);
        foreach (var spec in request.Knn)
            foreach (var filter in spec.Filters)
                FromQuery(usage, filter, target);
        if (request.Query != null)
            FromQuery(usage, request.Query, target);
        if (request.PostFilter != null)
            FromQuery(usage, request.PostFilter, target);
        foreach (var key in request.Sort ?? new List<SortKey>())
            if (!key.IsScore && !key.IsDoc && !key.IsShardDoc && target.Field(key.Field) != null)
                Add(usage, key.Field, FieldUsage.DocValues);
        foreach (var (pattern, _) in request.DocValueFields)
            foreach (var path in target.Mapping.Fields.Keys.Where(p => Foundation.Wildcard.Matches(pattern, p)))
                Add(usage, path, FieldUsage.DocValues);
        if (fetched)
        {
            Add(usage, "_id", FieldUsage.StoredFields);
            if (request.Source != Shards.SourceFilter.None || request.Fields.Count > 0)
                Add(usage, "_source", FieldUsage.StoredFields);
        }
        return usage;
    }

    private static void FromQuery(Dictionary<string, FieldUsage> usage, Query query, SearchTarget target)
    {
        switch (query)
        {
            case KnnQuery knn:
                Add(usage, knn.Spec.Field, FieldUsage.KnnVectors);
                break;
            case FieldQuery field when target.Field(field.Field) is { } mapping:
                if (Shards.FieldValue.IsNumericOrDate(mapping))
                    Add(usage, field.Field, FieldUsage.Points);
                else
                    Add(usage, field.Field, FieldUsage.Terms | FieldUsage.Postings | (field.ScoredTerms != null && mapping.IsText ? FieldUsage.TermFrequencies | FieldUsage.Norms : FieldUsage.None));
                break;
            case FieldQuery { Field: "_id" }:
            case IdsQuery:
                Add(usage, "_id", FieldUsage.Terms | FieldUsage.Postings);
                break;
            case NestedQuery nested when target.Mapping.NestedObjects.ContainsKey(nested.Path):
                FromQuery(usage, nested.Inner, target.Nested(nested.Path));
                break;
            case ExistsQuery exists when target.Field(exists.Field) is { } mapping:
                Add(usage, exists.Field, mapping.Vector != null ? FieldUsage.KnnVectors : mapping.IsText ? FieldUsage.Norms : FieldUsage.DocValues);
                break;
        }
        foreach (var child in query.Children)
            FromQuery(usage, child, target);
    }

    private static void Add(Dictionary<string, FieldUsage> usage, string field, FieldUsage kinds)
        => usage[field] = usage.GetValueOrDefault(field) | kinds;
}
