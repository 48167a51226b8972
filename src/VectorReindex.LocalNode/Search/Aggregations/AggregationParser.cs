using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search.Aggregations;

/// <summary>
/// Parses a request's aggs into the aggregations the local node computes (terms, nested and reverse_nested
/// with sub-aggregations, and the single-value metrics); any other type is refused by name rather than answered empty.
/// </summary>
internal static class AggregationParser
{
    public static IReadOnlyList<Aggregation> Parse(JsonNode? aggs)
    {
        if (aggs is not JsonObject o)
            throw new ElasticsearchException(400, "parsing_exception", "Expected [START_OBJECT] under [aggs], but got a value").With("line", 1).With("col", 1);
        var result = new List<Aggregation>();
        foreach (var (name, definition) in o)
        {
            if (definition is not JsonObject body)
                throw new ElasticsearchException(400, "parsing_exception", $"Expected [START_OBJECT] under [{name}], but got a value").With("line", 1).With("col", 1);
            string? type = null;
            JsonObject? settings = null;
            IReadOnlyList<Aggregation> subs = Array.Empty<Aggregation>();
            foreach (var (key, value) in body)
            {
                if (key is "aggs" or "aggregations")
                    subs = Parse(value);
                else if (key == "meta")
                    continue;
                else if (type != null)
                    throw new ElasticsearchException(400, "parsing_exception", $"Found two aggregation type definitions in [{name}]: [{type}] and [{key}]").With("line", 1).With("col", 1);
                else
                {
                    type = key;
                    settings = value as JsonObject ?? throw new ElasticsearchException(400, "parsing_exception", $"Expected [START_OBJECT] under [{key}], but got a value").With("line", 1).With("col", 1);
                }
            }
            if (type == null)
                throw new ElasticsearchException(400, "parsing_exception", $"Missing definition for aggregation [{name}]").With("line", 1).With("col", 1);
            result.Add(type switch
            {
                "terms" => TermsAggregation.Parse(name, settings!, subs),
                "nested" => NestedAggregation.Parse(name, settings!, subs),
                "reverse_nested" => ReverseNestedAggregation.Parse(name, settings!, subs),
                "min" or "max" or "sum" or "avg" or "value_count" or "cardinality" when subs.Count == 0 => MetricAggregation.Parse(name, type, settings!),
                "min" or "max" or "sum" or "avg" or "value_count" or "cardinality" =>
                    throw new ElasticsearchException(400, "aggregation_initialization_exception", $"Aggregator [{name}] of type [{type}] cannot accept sub-aggregations"),
                _ => throw Errors.IllegalArgument($"aggregation [{type}] (in [{name}]) is not supported by the local node; it computes terms, nested, reverse_nested, min, max, sum, avg, value_count and cardinality"),
            });
        }
        return result;
    }

    /// <summary>The field an aggregation reads: required, and by its name.</summary>
    public static string Field(string name, string type, JsonObject settings) =>
        settings["field"]?.ToString() ?? throw Errors.IllegalArgument(type == "terms"
            ? $"Required one of fields [field, script], but none were specified."
            : $"[{type}] aggregation [{name}] needs a [field]; scripts are not supported by the local node");
}
