using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>The doc values an aggregation reads from a hit: distinct per document, keyword strings or numbers, by the field's mapping.</summary>
internal static class AggregationValues
{
    /// <summary>The mapped field of a hit's index, or null where it is unmapped (an unmapped field contributes nothing).</summary>
    public static FieldMapping? Field(Hit hit, string field)
    {
        var mapping = hit.Target.Field(field);
        if (mapping is { IsText: true })
            throw Errors.IllegalArgument($"Fielddata is disabled on [{field}] in [{hit.Target.Index.Name}]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [{field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.");
        return mapping;
    }

    public static IEnumerable<double> Numbers(Hit hit, string field)
    {
        var mapping = Field(hit, field);
        if (mapping == null)
            yield break;
        foreach (var value in hit.Target.Values(hit.Doc, field))
            if (Number(value, mapping) is { } number)
                yield return number;
    }

    public static double? Number(JsonNode value, FieldMapping mapping)
    {
        if (mapping.Type == "boolean")
            return value.GetValueKind() == JsonValueKind.True || value.ToString() == "true" ? 1 : 0;
        if (value.GetValueKind() == JsonValueKind.Number)
            return mapping.Type is "float" or "half_float" ? (float)value.GetValue<double>() : value.GetValue<double>();
        return double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}
