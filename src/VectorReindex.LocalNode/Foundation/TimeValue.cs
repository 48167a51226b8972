using System.Globalization;

namespace VectorReindex.LocalNode.Foundation;

/// <summary>Elasticsearch time values ("1s", "500ms", "2m", "-1").</summary>
internal static class TimeValue
{
    /// <summary>Parses a time value; -1 (disabled) comes back as null.</summary>
    public static TimeSpan? Parse(string text, string setting)
    {
        if (text is "-1")
            return null;
        var units = new (string Suffix, double Ms)[] { ("nanos", 1e-6), ("micros", 1e-3), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000) };
        foreach (var (suffix, ms) in units.OrderByDescending(u => u.Suffix.Length))
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                if (value < 0)
                    break;
                return TimeSpan.FromMilliseconds(value * ms);
            }
        }
        if (text == "0")
            return TimeSpan.Zero;
        throw Errors.IllegalArgument($"failed to parse setting [{setting}] with value [{text}] as a time value: unit is missing or unrecognized");
    }
}
