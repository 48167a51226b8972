using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Cluster;

/// <summary>How an index expression resolves: ignore_unavailable, allow_no_indices, expand_wildcards, and whether aliases count.</summary>
internal sealed record IndicesOptions(bool IgnoreUnavailable = false, bool AllowNoIndices = true, bool ExpandOpen = true, bool ExpandHidden = false, bool AllowAliases = true)
{
    public static IndicesOptions From(RestRequest request, IndicesOptions defaults)
    {
        var expand = request.ListParam("expand_wildcards");
        var options = defaults with
        {
            IgnoreUnavailable = request.Flag("ignore_unavailable", defaults.IgnoreUnavailable),
            AllowNoIndices = request.Flag("allow_no_indices", defaults.AllowNoIndices),
        };
        if (expand != null)
            options = options with
            {
                ExpandOpen = expand.Any(e => e is "open" or "all"),
                ExpandHidden = expand.Any(e => e is "hidden" or "all"),
            };
        return options;
    }
}
