using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>The doc values an aggregation reads from a hit: keyword strings or numbers, by the field's mapping.</summary>
internal static class AggregationValues
{
    /// <summary>The mapped field of a hit's index, or null where it is unmapped (an unmapped field contributes nothing).</summary>
    public static FieldMapping? Field(Hit hit, string field)
    {
        var mapping = hit.Target.Field(field);
        if (mapping is { IsText: true })
            throw Errors.FielddataDisabled(field, hit.Target.Index.Name);
        return mapping;
    }

    public static IEnumerable<double> Numbers(Hit hit, string field)
    {
        var mapping = Field(hit, field);
        if (mapping == null)
            yield break;
        foreach (var value in hit.Target.Values(hit.Doc, field))
            if (FieldValue.DocValueNumber(mapping, value) is { } number)
                yield return number;
    }
}
