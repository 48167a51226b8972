using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Metadata;

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

    /// <summary>
    /// Splits a search routing parameter ("a,b") into its values as Strings.splitStringByCommaToSet
    /// does: leading and trailing (Java) whitespace dropped, empty values skipped. Null when none was given.
    /// </summary>
    public static HashSet<string>? SplitSearchRouting(string? routing)
    {
        if (string.IsNullOrEmpty(routing))
            return null;
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in routing.Split(','))
        {
            int start = 0, end = part.Length;
            while (start < end && IsJavaWhitespace(part[start]))
                start++;
            while (end > start && IsJavaWhitespace(part[end - 1]))
                end--;
            if (end > start)
                values.Add(part[start..end]);
        }
        return values;
    }

    /// <summary>Character.isWhitespace: Unicode space separators except the non-breaking ones, and the ASCII controls \t..\r and \x1C..\x1F.</summary>
    private static bool IsJavaWhitespace(char c)
        => c is '\t' or '\n' or '\u000B' or '\f' or '\r' or '\u001C' or '\u001D' or '\u001E' or '\u001F'
           || (c is not ('\u00A0' or '\u2007' or '\u202F') && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.SpaceSeparator
               or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);
}
