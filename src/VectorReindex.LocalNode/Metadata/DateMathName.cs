using System.Globalization;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// Resolves date math index names such as &lt;logs-{now/d}&gt; or &lt;logs_{2022-12-31||/d{yyyy-MM-dd}}&gt;:
/// static text plus {expression{format}} parts, evaluated in UTC.
/// </summary>
internal static class DateMathName
{
    public static string Resolve(string name, DateTimeOffset now)
    {
        if (name.Length < 2 || name[0] != '<' || name[^1] != '>')
            return name;
        var text = name[1..^1];
        var result = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                result.Append(text[i + 1]);
                i += 2;
                continue;
            }
            if (c != '{')
            {
                result.Append(c);
                i++;
                continue;
            }
            var depth = 0;
            var start = i;
            for (; i < text.Length; i++)
            {
                if (text[i] == '{') depth++;
                else if (text[i] == '}' && --depth == 0) break;
            }
            if (depth != 0)
                throw Errors.IllegalArgument($"invalid dynamic name expression [{text}]. missing closing '}}' for date math format");
            var inner = text[(start + 1)..i];
            i++;
            var format = "yyyy.MM.dd";
            var formatStart = inner.IndexOf('{');
            if (formatStart >= 0)
            {
                format = inner[(formatStart + 1)..^1];
                inner = inner[..formatStart];
            }
            result.Append(Evaluate(inner, now).ToString(JavaFormat(format), CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }

    private static DateTimeOffset Evaluate(string expression, DateTimeOffset now)
    {
        DateTimeOffset value;
        string math;
        if (expression.StartsWith("now", StringComparison.Ordinal))
        {
            value = now;
            math = expression[3..];
        }
        else
        {
            var separator = expression.IndexOf("||", StringComparison.Ordinal);
            var anchor = separator < 0 ? expression : expression[..separator];
            math = separator < 0 ? "" : expression[(separator + 2)..];
            value = DateTimeOffset.Parse(anchor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }
        var j = 0;
        while (j < math.Length)
        {
            var op = math[j++];
            var numberStart = j;
            while (j < math.Length && char.IsDigit(math[j])) j++;
            var amount = j > numberStart ? int.Parse(math[numberStart..j], CultureInfo.InvariantCulture) : 1;
            var unit = j < math.Length ? math[j++] : 'd';
            if (op == '/')
                value = Round(value, unit);
            else
                value = Add(value, unit, op == '-' ? -amount : amount);
        }
        return value;
    }

    private static DateTimeOffset Round(DateTimeOffset v, char unit) => unit switch
    {
        'y' => new DateTimeOffset(v.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        'M' => new DateTimeOffset(v.Year, v.Month, 1, 0, 0, 0, TimeSpan.Zero),
        'w' => new DateTimeOffset(v.Date.AddDays(-(((int)v.DayOfWeek + 6) % 7)), TimeSpan.Zero),
        'd' => new DateTimeOffset(v.Date, TimeSpan.Zero),
        'h' or 'H' => new DateTimeOffset(v.Year, v.Month, v.Day, v.Hour, 0, 0, TimeSpan.Zero),
        'm' => new DateTimeOffset(v.Year, v.Month, v.Day, v.Hour, v.Minute, 0, TimeSpan.Zero),
        _ => new DateTimeOffset(v.Year, v.Month, v.Day, v.Hour, v.Minute, v.Second, TimeSpan.Zero),
    };

    private static DateTimeOffset Add(DateTimeOffset v, char unit, int n) => unit switch
    {
        'y' => v.AddYears(n),
        'M' => v.AddMonths(n),
        'w' => v.AddDays(7 * n),
        'd' => v.AddDays(n),
        'h' or 'H' => v.AddHours(n),
        'm' => v.AddMinutes(n),
        _ => v.AddSeconds(n),
    };

    /// <summary>Java DateTimeFormatter patterns mostly coincide with .NET's; 'u' (year) does not.</summary>
    private static string JavaFormat(string format) => format.Replace('u', 'y');
}
