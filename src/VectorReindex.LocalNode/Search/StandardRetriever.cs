using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search;

/// <summary>The standard retriever, rewritten to the query (and filter) it stands for; other retrievers are not supported.</summary>
internal static class StandardRetriever
{
    public static JsonObject Rewrite(JsonObject body, JsonObject retriever)
    {
        if (body["query"] != null || body["knn"] != null)
            throw Errors.IllegalArgument("cannot specify [retriever] and [query]");
        if (retriever.Count != 1 || retriever["standard"] is not JsonObject standard)
            throw Errors.IllegalArgument($"retriever [{retriever.FirstOrDefault().Key}] is not supported by the local node");
        var rewritten = (JsonObject)body.DeepClone();
        rewritten.Remove("retriever");
        var query = standard["query"]?.DeepClone() ?? new JsonObject { ["match_all"] = new JsonObject() };
        if (standard["filter"] is { } filter)
            query = new JsonObject { ["bool"] = new JsonObject { ["must"] = query, ["filter"] = filter.DeepClone() } };
        rewritten["query"] = query;
        foreach (var key in new[] { "sort", "min_score", "collapse", "search_after" })
            if (standard[key] is { } value)
                rewritten[key] = value.DeepClone();
        return rewritten;
    }
}
