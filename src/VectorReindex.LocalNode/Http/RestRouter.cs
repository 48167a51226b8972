using VectorReindex.LocalNode.Foundation;
namespace VectorReindex.LocalNode.Http;

/// <summary>
/// Picks the route for a method and path the way Elasticsearch's path trie does: literal segments win
/// over placeholders; a path known under other methods answers 405 with the allowed ones.
/// </summary>
internal sealed class RestRouter
{
    /// <summary>Parameters every Elasticsearch endpoint accepts.</summary>
    private static readonly HashSet<string> CommonParameters = new(StringComparer.Ordinal)
    {
        "pretty", "human", "error_trace", "filter_path", "source", "source_content_type",
    };

    private readonly List<RestRoute> _routes = new();

    public void Add(string methods, string template, string parameters, Func<RestRequest, Task<RestResponse>> handler)
        => _routes.Add(new RestRoute(methods.Split(','), template,
            parameters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), handler));

    public void Add(string methods, string template, string parameters, Func<RestRequest, RestResponse> handler)
        => Add(methods, template, parameters, r => Task.FromResult(handler(r)));

    public RouteMatch Match(string method, string[] segments)
    {
        RestRoute? best = null;
        Dictionary<string, string>? bestValues = null;
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in _routes)
        {
            if (!route.TryMatch(segments, out var values))
                continue;
            if (!route.Methods.Contains(method))
            {
                foreach (var m in route.Methods)
                    allowed.Add(m);
                continue;
            }
            if (best == null || route.LiteralCount > best.LiteralCount)
            {
                best = route;
                bestValues = values;
            }
        }
        return new RouteMatch(best, bestValues ?? new(), allowed);
    }

    /// <summary>Elasticsearch's answer to parameters no handler consumes, with its "did you mean" hints.</summary>
    public static ElasticsearchException? CheckParameters(RestRoute route, string path, IEnumerable<string> given)
    {
        var unknown = given.Where(p => !route.Parameters.Contains(p) && !CommonParameters.Contains(p)).OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
            return null;
        var known = route.Parameters.Concat(CommonParameters).ToList();
        var noun = unknown.Count == 1 ? "parameter" : "parameters";
        return Errors.IllegalArgument($"request [{path}] contains unrecognized {noun}: {Levenshtein.DescribeUnknown(unknown, known)}");
    }
}

internal readonly record struct RouteMatch(RestRoute? Route, Dictionary<string, string> Values, SortedSet<string> AllowedMethods);
