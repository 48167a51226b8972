using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// How a source value reads for a field's type: numbers, dates (epoch millis), booleans, keywords
/// and analyzed text tokens (the standard analyzer's lowercase word split).
/// </summary>
internal static class FieldValue
{
    public static bool IsDate(FieldMapping? field) => field?.Type is "date" or "date_nanos";

    public static bool IsNumericOrDate(FieldMapping? field) => field != null && (field.IsNumeric || IsDate(field));

    public static bool IsIntegral(FieldMapping? field) => field?.Type is "long" or "integer" or "short" or "byte" or "unsigned_long" || IsDate(field);

    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
            return null;
        if (value.GetValueKind() == JsonValueKind.Number)
            return value.GetValue<double>();
        if (value.GetValueKind() == JsonValueKind.String && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        if (value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return value.GetValueKind() == JsonValueKind.True ? 1 : 0;
        return null;
    }

    public static double? DateMillis(JsonNode? node)
    {
        if (node is not JsonValue value)
            return null;
        if (value.GetValueKind() == JsonValueKind.Number)
            return value.GetValue<double>();
        var text = value.ToString();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis))
            return millis;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            return date.ToUnixTimeMilliseconds() + (date.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerMillisecond;
        return null;
    }

    /// <summary>The comparable form for the field: a double for numbers and dates, else the text.</summary>
    public static IComparable? Comparable(FieldMapping? field, JsonNode? node)
    {
        if (IsDate(field))
            return DateMillis(node);
        if (field != null && field.IsNumeric)
            return Number(node);
        if (field?.Type == "boolean")
            return node?.ToString() is "true" ? 1d : node?.ToString() is "false" ? 0d : null;
        return node?.ToString();
    }

    /// <summary>
    /// The number a field's doc value holds for a source value (numbers, dates as millis, booleans as 1 or
    /// 0; a float or half_float rounded to float, as it is stored), or null when the value is not one.
    /// </summary>
    public static double? DocValueNumber(FieldMapping field, JsonNode value)
        => Comparable(field, value) is double d ? field.Type is "float" or "half_float" ? (float)d : d : null;

    /// <summary>
    /// <see cref="Comparable(FieldMapping?, JsonNode?)"/> for a value read straight from the source bytes,
    /// when the field reads as a number (numbers, dates, booleans); null when the value does not convert.
    /// </summary>
    public static double? Number(FieldMapping field, LeafValue value)
    {
        if (IsDate(field))
        {
            if (value.Kind == JsonValueKind.Number)
                return ParseNumber(value.Text);
            if (long.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis))
                return millis;
            if (DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
                return date.ToUnixTimeMilliseconds() + (date.Ticks % TimeSpan.TicksPerMillisecond) / (double)TimeSpan.TicksPerMillisecond;
            return null;
        }
        if (field.IsNumeric)
            return value.Kind switch
            {
                JsonValueKind.Number => ParseNumber(value.Text),
                JsonValueKind.String => double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => null,
            };
        if (field.Type == "boolean")
            return value.Text is "true" ? 1d : value.Text is "false" ? 0d : null;
        return null;
    }

    private static double? ParseNumber(string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_');
            if (isWord && start < 0)
                start = i;
            else if (!isWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    /// <summary>Whether a source value equals a query term for the field's type (term query semantics).</summary>
    public static bool TermEquals(FieldMapping field, JsonNode value, JsonNode? term, bool caseInsensitive)
    {
        if (term == null)
            return false;
        if (field.IsText)
            return Tokens(value.ToString()).Contains(caseInsensitive ? term.ToString().ToLowerInvariant() : term.ToString());
        if (IsNumericOrDate(field) || field.Type == "boolean")
        {
            var a = Comparable(field, value);
            var b = Comparable(field, term);
            return a != null && b != null && a.CompareTo(b) == 0;
        }
        return string.Equals(value.ToString(), term.ToString(), caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
