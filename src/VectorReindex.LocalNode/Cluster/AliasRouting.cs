using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Cluster;

/// <summary>
/// How an alias's routing combines with a request's, as Elasticsearch's Metadata.resolveWriteIndexRouting
/// and resolveIndexRouting do for single-document operations: the alias's index_routing replaces a
/// missing routing and refuses a different one.
/// </summary>
internal static class AliasRouting
{
    public static string? ForDocument(string expression, AliasMetadata? alias, string? routing)
    {
        if (alias?.IndexRouting is not { } aliasRouting)
            return routing;
        if (aliasRouting.Contains(','))
            throw Errors.IllegalArgument($"index/alias [{expression}] provided with routing value [{aliasRouting}] that resolved to several routing values, rejecting operation");
        if (routing != null && routing != aliasRouting)
            throw Errors.IllegalArgument($"Alias [{expression}] has index routing associated with it [{aliasRouting}], and was provided with routing value [{routing}], rejecting operation");
        return aliasRouting;
    }

    /// <summary>Splits a search routing parameter ("a,b") into its values; null when none was given.</summary>
    public static HashSet<string>? SplitSearchRouting(string? routing)
        => string.IsNullOrEmpty(routing) ? null : new HashSet<string>(routing.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
