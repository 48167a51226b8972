using System.Text.Json;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>
/// One named aggregation of a search request, computed over the documents the query matched and
/// written in Elasticsearch's response shape.
/// </summary>
internal abstract class Aggregation
{
    protected Aggregation(string name) => Name = name;

    public string Name { get; }

    /// <summary>Writes this aggregation's result object over <paramref name="hits"/>.</summary>
    public abstract void Write(Utf8JsonWriter writer, IReadOnlyList<Hit> hits);

    /// <summary>Writes each aggregation of a level as a property named after it.</summary>
    public static void WriteAll(Utf8JsonWriter writer, IReadOnlyList<Aggregation> aggregations, IReadOnlyList<Hit> hits)
    {
        foreach (var aggregation in aggregations)
        {
            writer.WritePropertyName(aggregation.Name);
            aggregation.Write(writer, hits);
        }
    }
}
