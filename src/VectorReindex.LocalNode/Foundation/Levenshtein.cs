namespace VectorReindex.LocalNode.Foundation;

/// <summary>Finds the known names close to a misspelled one, for Elasticsearch's "did you mean" hints.</summary>
internal static class Levenshtein
{
    public static List<string> Suggest(string given, IEnumerable<string> known)
        => known.Select(k => (k, score: Score(given, k)))
            .Where(x => x.score > 0.5f)
            .OrderByDescending(x => x.score).ThenBy(x => x.k, StringComparer.Ordinal)
            .Select(x => x.k).ToList();

    /// <summary>
    /// Names each unknown value with its hints, as Elasticsearch's unrecognized-parameter and
    /// unrecognized-metric errors do: "[x] -> did you mean [y]?", "[z]".
    /// </summary>
    public static string DescribeUnknown(IEnumerable<string> unknown, IReadOnlyCollection<string> known)
        => string.Join(", ", unknown.Select(u =>
        {
            var similar = Suggest(u, known);
            return similar.Count == 0 ? $"[{u}]" : $"[{u}] -> did you mean {(similar.Count == 1 ? $"[{similar[0]}]" : "any of [" + string.Join(", ", similar) + "]")}?";
        }));

    /// <summary>Levenshtein similarity in [0, 1]: 1 - distance / longer length (Lucene's measure).</summary>
    public static float Score(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
            return 0;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return 1f - (float)previous[b.Length] / Math.Max(a.Length, b.Length);
    }
}
