namespace VectorReindex.LocalNode.Http;

/// <summary>One path template with its methods, the query parameters it accepts and its handler.</summary>
internal sealed class RestRoute
{
    public RestRoute(string[] methods, string template, string[] parameters, Func<RestRequest, Task<RestResponse>> handler)
    {
        Methods = methods;
        Template = template;
        Segments = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        Parameters = new HashSet<string>(parameters, StringComparer.Ordinal);
        Handler = handler;
        LiteralCount = Segments.Count(s => !s.StartsWith('{'));
        ThreadPool = PoolOf(methods, Segments);
    }

    public string[] Methods { get; }
    public string Template { get; }
    public string[] Segments { get; }
    public HashSet<string> Parameters { get; }
    public Func<RestRequest, Task<RestResponse>> Handler { get; }
    public int LiteralCount { get; }

    /// <summary>The Elasticsearch thread pool its requests run on: "write", "search", "refresh", or null for none.</summary>
    public string? ThreadPool { get; }

    private static readonly HashSet<string> WriteEndpoints = new(StringComparer.Ordinal) { "_bulk", "_create", "_update" };
    private static readonly HashSet<string> SearchEndpoints = new(StringComparer.Ordinal) { "_search", "_msearch", "_count", "_knn_search" };

    private static string? PoolOf(string[] methods, string[] segments)
    {
        // Reads of one document (GET _doc) run on Elasticsearch's get pool, clearing a scroll on none.
        var reads = methods.All(m => m is "GET" or "HEAD");
        if (segments.Any(WriteEndpoints.Contains) || (segments.Contains("_doc") && !reads))
            return "write";
        if (segments.Any(SearchEndpoints.Contains) && !methods.Contains("DELETE"))
            return "search";
        if (segments.Contains("_refresh"))
            return "refresh";
        return null;
    }

    /// <summary>Matches decoded path segments; placeholders bind any segment, literal segments must be equal.</summary>
    public bool TryMatch(string[] segments, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (segments.Length != Segments.Length)
            return false;
        for (var i = 0; i < segments.Length; i++)
        {
            var template = Segments[i];
            if (template.StartsWith('{'))
                values[template[1..^1]] = segments[i];
            else if (!string.Equals(template, segments[i], StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}
