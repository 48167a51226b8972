using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Documents;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// The small query subset the write-side needs to observe refresh visibility (match_all, ids, term,
/// terms, match, bool). The full query DSL and kNN belong to the search side.
/// </summary>
internal static class BasicQuery
{
    public static Func<StoredDocument, bool> Compile(JsonNode? query)
    {
        if (query == null)
            return _ => true;
        if (query is not JsonObject obj || obj.Count != 1)
            throw new ElasticsearchException(400, "parsing_exception", "[_na] query malformed, must start with start_object");
        var (type, body) = obj.First();
        switch (type)
        {
            case "match_all":
                return _ => true;
            case "match_none":
                return _ => false;
            case "ids":
                var ids = (body?["values"] as JsonArray)?.Select(v => v!.ToString()).ToHashSet() ?? new HashSet<string>();
                return d => ids.Contains(d.Id);
            case "term":
            case "match":
            {
                var (field, value) = ((JsonObject)body!).First();
                var expected = value is JsonObject o ? (o["value"] ?? o["query"])?.ToString() : value?.ToString();
                return d => FieldEquals(d, field, new[] { expected }, analyzed: type == "match");
            }
            case "terms":
            {
                var (field, value) = ((JsonObject)body!).First();
                var expected = (value as JsonArray)?.Select(v => v?.ToString()).ToArray() ?? Array.Empty<string?>();
                return d => FieldEquals(d, field, expected, analyzed: false);
            }
            case "bool":
            {
                var b = (JsonObject)body!;
                var must = Clauses(b["must"]).Concat(Clauses(b["filter"])).ToList();
                var should = Clauses(b["should"]).ToList();
                var mustNot = Clauses(b["must_not"]).ToList();
                return d => must.All(c => c(d)) && !mustNot.Any(c => c(d)) && (should.Count == 0 || must.Count > 0 || should.Any(c => c(d)));
            }
            default:
                throw new ElasticsearchException(400, "parsing_exception", $"unknown query [{type}]");
        }
    }

    private static IEnumerable<Func<StoredDocument, bool>> Clauses(JsonNode? node) => node switch
    {
        null => Enumerable.Empty<Func<StoredDocument, bool>>(),
        JsonArray array => array.Select(Compile),
        _ => new[] { Compile(node) },
    };

    private static bool FieldEquals(StoredDocument doc, string field, string?[] expected, bool analyzed)
    {
        if (field == "_id")
            return expected.Contains(doc.Id);
        JsonNode? value = JsonNode.Parse(doc.Source!);
        foreach (var part in field.Split('.'))
            value = value is JsonObject o ? o[part] : null;
        var values = value is JsonArray array ? array.Select(v => v?.ToString()) : new[] { value?.ToString() };
        foreach (var v in values)
        {
            if (v == null)
                continue;
            if (expected.Contains(v))
                return true;
            if (analyzed)
            {
                var tokens = v.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (expected.Any(e => e != null && e.ToLowerInvariant().Split(' ').Any(tokens.Contains)))
                    return true;
            }
        }
        return false;
    }
}
