using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// How an index expression resolves: ignore_unavailable, allow_no_indices, expand_wildcards (open, closed,
/// hidden), whether aliases count, and whether a closed index named outright is an error (forbid_closed,
/// true for data APIs such as search, get and refresh; false for metadata APIs such as get index or health).
/// </summary>
internal sealed record IndicesOptions(
    bool IgnoreUnavailable = false,
    bool AllowNoIndices = true,
    bool ExpandOpen = true,
    bool ExpandHidden = false,
    bool AllowAliases = true,
    bool ExpandClosed = false,
    bool ForbidClosed = true)
{
    /// <summary>Metadata APIs' defaults (get settings, put settings, put mapping, delete index): wildcards reach open and closed indices.</summary>
    public static IndicesOptions OpenAndClosed { get; } = new(ExpandClosed: true, ForbidClosed: false);

    /// <summary>Get index, get mapping and close: wildcards reach open indices only, a closed index named outright is fine.</summary>
    public static IndicesOptions OpenAllowClosed { get; } = new(ForbidClosed: false);

    public static IndicesOptions From(IRequestParameters request, IndicesOptions defaults)
    {
        var expand = request.ListParam("expand_wildcards");
        var options = defaults with
        {
            IgnoreUnavailable = request.Flag("ignore_unavailable", defaults.IgnoreUnavailable),
            AllowNoIndices = request.Flag("allow_no_indices", defaults.AllowNoIndices),
        };
        if (expand != null)
        {
            foreach (var value in expand)
                if (value is not ("open" or "closed" or "hidden" or "none" or "all"))
                    throw Errors.IllegalArgument($"No enum constant org.elasticsearch.action.support.IndicesOptions.WildcardStates.{value.ToUpperInvariant()}");
            options = options with
            {
                ExpandOpen = expand.Any(e => e is "open" or "all"),
                ExpandClosed = expand.Any(e => e is "closed" or "all"),
                ExpandHidden = expand.Any(e => e is "hidden" or "all"),
            };
        }
        if (request.Param("forbid_closed_indices") is not null)
            options = options with { ForbidClosed = request.Flag("forbid_closed_indices", defaults.ForbidClosed) };
        return options;
    }
}
