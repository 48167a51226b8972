using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// A nested query's inner_hits: the matching nested objects shown with each hit, best first, with their
/// own _source and fields. Options the local node does not implement are refused by name.
/// </summary>
internal sealed class InnerHitsSpec
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "name", "from", "size", "_source", "fields", "docvalue_fields", "version", "seq_no_primary_term", "ignore_unmapped" };

    /// <summary>The key in the hit's inner_hits (the nested path unless named).</summary>
    public required string Name { get; init; }
    public int From { get; init; }
    public int Size { get; init; } = 3;
    public SourceFilter Source { get; init; } = SourceFilter.All;
    public List<(string Pattern, string? Format)> Fields { get; init; } = new();
    public bool Version { get; init; }
    public bool SeqNoPrimaryTerm { get; init; }

    public static InnerHitsSpec Parse(JsonNode? node, string path)
    {
        if (node is not JsonObject o)
            throw new ElasticsearchException(400, "parsing_exception", "[inner_hits] must be an object");
        foreach (var (key, _) in o)
            if (!Supported.Contains(key))
                throw Errors.IllegalArgument($"[inner_hits] option [{key}] is not supported by the local node");
        var spec = new InnerHitsSpec
        {
            Name = o["name"]?.ToString() ?? path,
            From = o["from"]?.GetValue<int>() ?? 0,
            Size = o["size"]?.GetValue<int>() ?? 3,
            Source = o["_source"] is { } source ? SourceFilter.FromJson(source) : SourceFilter.All,
            Fields = SearchRequest.FieldPatterns(o["fields"]).Concat(SearchRequest.FieldPatterns(o["docvalue_fields"])).ToList(),
            Version = o["version"]?.GetValue<bool>() ?? false,
            SeqNoPrimaryTerm = o["seq_no_primary_term"]?.GetValue<bool>() ?? false,
        };
        if (spec.From < 0)
            throw Errors.IllegalArgument("illegal from value, at least 0 or higher");
        if (spec.Size < 0)
            throw Errors.IllegalArgument("illegal size value, at least 0 or higher");
        return spec;
    }
}
