namespace VectorReindex.LocalNode.Foundation;

/// <summary>Elasticsearch's simple '*' patterns (Regex.simpleMatch).</summary>
internal static class Wildcard
{
    public static bool IsPattern(string text) => text.Contains('*');

    public static bool Matches(string pattern, string text)
    {
        if (pattern == "*")
            return true;
        var parts = pattern.Split('*');
        if (parts.Length == 1)
            return pattern == text;
        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal))
            return false;
        var position = parts[0].Length;
        var end = text.Length - parts[^1].Length;
        if (end < position)
            return false;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = text.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
                return false;
            position = found + parts[i].Length;
        }
        return true;
    }
}
