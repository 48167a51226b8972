using System.Text.Json;
using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>min, max, sum, avg, value_count and cardinality of a field over the matched documents.</summary>
internal sealed class MetricAggregation : Aggregation
{
    private readonly string _type;
    private readonly string _field;
    private readonly double? _missing;

    private MetricAggregation(string name, string type, string field, double? missing)
        : base(name)
    {
        _type = type;
        _field = field;
        _missing = missing;
    }

    public static MetricAggregation Parse(string name, string type, JsonObject settings) =>
        new(name, type, AggregationParser.Field(name, type, settings), settings["missing"] is JsonValue m && m.TryGetValue<double>(out var d) ? d : null);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Hit> hits)
    {
        var values = new List<double>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var before = values.Count;
            if (_type == "cardinality" || _type == "value_count")
            {
                var mapping = AggregationValues.Field(hit, _field);
                if (mapping == null)
                    continue;
                var raw = hit.Target.Values(hit.Doc, _field);
                foreach (var value in _type == "cardinality" ? raw : raw.Where(v => v.GetValueKind() != JsonValueKind.Null))
                {
                    values.Add(0);
                    distinct.Add(value.ToJsonString());
                }
                continue;
            }
            values.AddRange(AggregationValues.Numbers(hit, _field));
            if (values.Count == before && _missing is { } missing)
                values.Add(missing);
        }
        writer.WriteStartObject();
        switch (_type)
        {
            case "value_count":
                writer.WriteNumber("value", values.Count);
                break;
            case "cardinality":
                writer.WriteNumber("value", distinct.Count);
                break;
            case "sum":
                writer.WriteNumber("value", values.Sum());
                break;
            default:
                if (values.Count == 0)
                    writer.WriteNull("value");
                else
                    writer.WriteNumber("value", _type switch { "min" => values.Min(), "max" => values.Max(), _ => values.Average() });
                break;
        }
        writer.WriteEndObject();
    }
}
