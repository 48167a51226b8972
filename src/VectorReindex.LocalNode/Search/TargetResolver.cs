using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Resolves a search's index expression to indices, the alias filter each one gets and the routing
/// values that narrow it to some of its shards. An index reached only through filtered aliases is
/// filtered by the OR of those filters; reached directly or through an unfiltered alias, it is not.
/// Routing follows Elasticsearch's resolveSearchRouting: an alias's search_routing (intersected with
/// the request's routing) for the indices behind it, the request's routing elsewhere, and every
/// shard when any way of reaching the index carries no routing.
/// </summary>
internal static class TargetResolver
{
    public static List<ResolvedIndex> Resolve(LocalCluster cluster, string? expression, IndicesOptions options, string? routing = null)
    {
        var requestRouting = AliasRouting.SplitSearchRouting(routing);
        var indices = cluster.Resolve(expression, options);
        var parts = string.IsNullOrEmpty(expression) ? Array.Empty<string>() : expression.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new List<ResolvedIndex>();
        foreach (var index in indices)
        {
            var filters = new List<JsonNode>();
            var unfiltered = parts.Length == 0;
            var routings = new HashSet<string>(StringComparer.Ordinal);
            var allShards = false;
            void Unrouted()
            {
                if (requestRouting == null)
                    allShards = true;
                else
                    routings.UnionWith(requestRouting);
            }
            if (parts.Length == 0 || parts.All(p => p.StartsWith('-')))
                Unrouted();
            foreach (var part in parts)
            {
                if (part.StartsWith('-'))
                    continue;
                if (part == index.Name || part is "_all" or "*" || (Wildcard.IsPattern(part) && Wildcard.Matches(part, index.Name)))
                {
                    unfiltered = true;
                    Unrouted();
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
                    if (AliasRouting.SplitSearchRouting(alias.SearchRouting) is { } aliasRouting)
                    {
                        if (requestRouting != null)
                            aliasRouting.IntersectWith(requestRouting);
                        if (aliasRouting.Count == 0)
                            allShards = true;
                        routings.UnionWith(aliasRouting);
                    }
                    else
                    {
                        Unrouted();
                    }
                }
            }
            JsonNode? filter = null;
            if (!unfiltered && filters.Count > 0)
                filter = filters.Count == 1 ? filters[0].DeepClone() : new JsonObject { ["bool"] = new JsonObject { ["should"] = new JsonArray(filters.Select(f => f.DeepClone()).ToArray()) } };
            result.Add(new ResolvedIndex(index, filter, allShards || routings.Count == 0 ? null : routings));
        }
        return result;
    }
}

/// <summary>An index a search reads, its alias filter, and the routing values that select its shards (null: every shard).</summary>
internal sealed record ResolvedIndex(LocalIndex Index, JsonNode? Filter, IReadOnlySet<string>? Routing);
