using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Http;

/// <summary>
/// The filter_path response filter: dotted patterns with '*' (one level) and '**' (any depth), and
/// '-' for exclusion. Arrays are transparent, as in Elasticsearch.
/// </summary>
internal static class FilterPath
{
    public static JsonNode? Apply(JsonNode? root, string expression)
    {
        var patterns = expression.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var includes = patterns.Where(p => !p.StartsWith('-')).Select(p => p.Split('.')).ToList();
        var excludes = patterns.Where(p => p.StartsWith('-')).Select(p => p[1..].Split('.')).ToList();
        var result = root;
        if (includes.Count > 0)
            result = Include(root, includes) ?? new JsonObject();
        if (excludes.Count > 0)
            result = Exclude(result, excludes);
        return result;
    }

    private static JsonNode? Include(JsonNode? node, List<string[]> patterns)
    {
        if (patterns.Any(p => p.Length == 0))
            return node?.DeepClone();
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var next = Advance(patterns, key);
                    if (next.Count == 0)
                        continue;
                    var filtered = Include(value, next);
                    if (filtered != null || next.Any(p => p.Length == 0))
                        result[key] = filtered;
                }
                return result.Count == 0 ? null : result;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    var filtered = Include(item, patterns);
                    if (filtered != null)
                        items.Add(filtered);
                }
                return items.Count == 0 ? null : items;
            default:
                return null;
        }
    }

    private static List<string[]> Advance(List<string[]> patterns, string key)
    {
        var next = new List<string[]>();
        foreach (var p in patterns)
        {
            if (p.Length == 0)
                continue;
            if (p[0] == "**")
            {
                next.Add(p);
                if (p.Length > 1 && Wildcard.Matches(p[1], key))
                    next.Add(p[2..]);
            }
            else if (Wildcard.Matches(p[0], key))
            {
                next.Add(p[1..]);
            }
        }
        return next;
    }

    private static JsonNode? Exclude(JsonNode? node, List<string[]> patterns)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var next = Advance(patterns, key);
                    if (next.Any(p => p.Length == 0))
                        continue;
                    result[key] = next.Count == 0 ? value?.DeepClone() : Exclude(value, next);
                }
                return result;
            case JsonArray array:
                return new JsonArray(array.Select(i => Exclude(i, patterns)).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
