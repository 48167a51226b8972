using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Cluster;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Resolves a search's index expression to indices and the alias filter each one gets: an index
/// reached only through filtered aliases is filtered by the OR of those filters; reached directly or
/// through an unfiltered alias, it is not filtered.
/// </summary>
internal static class TargetResolver
{
    public static List<(LocalIndex Index, JsonNode? Filter)> Resolve(LocalCluster cluster, string? expression, IndicesOptions options)
    {
        var indices = cluster.Resolve(expression, options);
        var parts = string.IsNullOrEmpty(expression) ? Array.Empty<string>() : expression.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(LocalIndex, JsonNode?)>();
        foreach (var index in indices)
        {
            var filters = new List<JsonNode>();
            var unfiltered = parts.Length == 0;
            foreach (var part in parts)
            {
                if (part.StartsWith('-'))
                    continue;
                if (part == index.Name || part is "_all" or "*" || (Wildcard.IsPattern(part) && Wildcard.Matches(part, index.Name)))
                {
                    unfiltered = true;
                    continue;
                }
                foreach (var (aliasName, alias) in index.Aliases)
                {
                    if (aliasName != part && !(Wildcard.IsPattern(part) && Wildcard.Matches(part, aliasName)))
                        continue;
                    if (alias.Filter == null)
                        unfiltered = true;
                    else
                        filters.Add(alias.Filter);
                }
            }
            JsonNode? filter = null;
            if (!unfiltered && filters.Count > 0)
                filter = filters.Count == 1 ? filters[0].DeepClone() : new JsonObject { ["bool"] = new JsonObject { ["should"] = new JsonArray(filters.Select(f => f.DeepClone()).ToArray()) } };
            result.Add((index, filter));
        }
        return result;
    }
}
