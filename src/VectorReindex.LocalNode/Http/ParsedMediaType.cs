namespace VectorReindex.LocalNode.Http;

/// <summary>
/// An Accept or Content-Type value parsed as Elasticsearch parses it (RFC 7231 media type, lower-cased,
/// parameters without spaces around '='). A media range ("a/b, c/d" or "*/*") counts as not given.
/// </summary>
internal sealed class ParsedMediaType
{
    private ParsedMediaType(string original, string type, string subType, Dictionary<string, string> parameters)
    {
        Original = original;
        Type = type;
        SubType = subType;
        Parameters = parameters;
    }

    /// <summary>The header value as sent (Elasticsearch quotes it so in its messages).</summary>
    public string Original { get; }
    public string Type { get; }
    public string SubType { get; }
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public string? CompatibleWith => Parameters.TryGetValue("compatible-with", out var v) ? v : null;

    /// <summary>Null for no value or a media range; throws <see cref="FormatException"/> for a malformed one.</summary>
    public static ParsedMediaType? Parse(string? header)
    {
        if (header == null)
            return null;
        if (header.Contains(',') || header == "*/*")
            return null;
        var elements = header.ToLowerInvariant().Split(';');
        var typeParts = elements[0].Trim().Split('/');
        if (typeParts.Length != 2 || !IsToken(typeParts[0].Trim()) || !IsToken(typeParts[1].Trim()))
            throw new FormatException($"invalid media-type [{header}]");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < elements.Length; i++)
        {
            var parameter = elements[i].Trim();
            if (parameter.Length == 0)
                continue;
            var pair = parameter.Split('=');
            if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0 || char.IsWhiteSpace(pair[0][^1]) || char.IsWhiteSpace(pair[1][0]))
                throw new FormatException($"invalid parameters for header [{header}]");
            parameters[pair[0].Trim()] = pair[1].Trim();
        }
        return new ParsedMediaType(header, typeParts[0].Trim(), typeParts[1].Trim(), parameters);
    }

    private static bool IsToken(string text)
    {
        if (text.Length == 0)
            return false;
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
                return false;
        return true;
    }
}
