using System.Globalization;
using System.Text;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Mapping;

/// <summary>A point in time to the nanosecond: seconds since the epoch and the nanoseconds within that second.</summary>
internal readonly record struct DateInstant(long Seconds, int Nanos)
{
    public long Millis => Seconds * 1000 + Nanos / 1_000_000;

    /// <summary>Nanoseconds since the epoch, as a date_nanos field holds them (1970 to 2262).</summary>
    public long EpochNanos => checked(Seconds * 1_000_000_000 + Nanos);

    public static DateInstant FromMillis(long millis) => new(Math.DivRem(millis, 1000L, out var rem) - (rem < 0 ? 1 : 0), (int)((rem + 1000) % 1000) * 1_000_000);

    public static DateInstant FromNanos(long nanos) => new(Math.DivRem(nanos, 1_000_000_000L, out var rem) - (rem < 0 ? 1 : 0), (int)((rem + 1_000_000_000) % 1_000_000_000));
}

/// <summary>
/// A date field's format as Elasticsearch spells it: built-in names (strict_date_optional_time, epoch_millis...)
/// and Java DateTimeFormatter patterns, joined by <c>||</c>. Parsing tries each in turn; printing uses the first.
/// </summary>
internal sealed class DateFormat
{
    public const string DateDefault = "strict_date_optional_time||epoch_millis";
    public const string DateNanosDefault = "strict_date_optional_time_nanos||epoch_millis";

    private readonly IDatePattern[] _patterns;

    private DateFormat(string spec, IDatePattern[] patterns)
    {
        Spec = spec;
        _patterns = patterns;
    }

    public string Spec { get; }

    public static DateFormat Parse(string spec)
        => new(spec, spec.Split("||").Select(Named).ToArray());

    public static DateFormat ForField(FieldMapping field) => field.DateFormat ?? Parse(field.Type == "date_nanos" ? DateNanosDefault : DateDefault);

    public bool TryParse(string text, out DateInstant instant)
    {
        foreach (var pattern in _patterns)
            if (pattern.TryParse(text, out instant))
                return true;
        instant = default;
        return false;
    }

    /// <summary>Parses the text or throws Elasticsearch's parse_exception naming the value and the format.</summary>
    public DateInstant ParseOrThrow(string text)
        => TryParse(text, out var instant) ? instant : throw new ElasticsearchException(400, "parse_exception", $"failed to parse date field [{text}] with format [{Spec}]");

    public string Format(DateInstant instant) => _patterns[0].Format(instant);

    private static IDatePattern Named(string name) => name switch
    {
        "epoch_millis" => new EpochPattern(1000),
        "epoch_second" => new EpochPattern(1),
        "strict_date_optional_time" or "date_optional_time" => new IsoPattern(3, 3),
        "strict_date_optional_time_nanos" => new IsoPattern(3, 9),
        "strict_date" or "date" => new JavaPattern("yyyy-MM-dd"),
        "strict_date_time" or "date_time" => new JavaPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
        "strict_date_time_no_millis" or "date_time_no_millis" => new JavaPattern("yyyy-MM-dd'T'HH:mm:ssXXX"),
        "strict_date_hour_minute_second" or "date_hour_minute_second" => new JavaPattern("yyyy-MM-dd'T'HH:mm:ss"),
        "strict_date_hour_minute_second_millis" or "date_hour_minute_second_millis" or "strict_date_hour_minute_second_fraction" or "date_hour_minute_second_fraction" => new JavaPattern("yyyy-MM-dd'T'HH:mm:ss.SSS"),
        "basic_date" => new JavaPattern("yyyyMMdd"),
        "strict_year_month_day" or "year_month_day" => new JavaPattern("yyyy-MM-dd"),
        "strict_year_month" or "year_month" => new JavaPattern("yyyy-MM"),
        "strict_year" or "year" => new JavaPattern("yyyy"),
        _ => new JavaPattern(name),
    };

    private interface IDatePattern
    {
        bool TryParse(string text, out DateInstant instant);
        string Format(DateInstant instant);
    }

    private static DateTime Utc(DateInstant instant) => DateTimeOffset.FromUnixTimeSeconds(instant.Seconds).UtcDateTime;

    private static bool TryInstant(int year, int month, int day, int hour, int minute, int second, int nanos, int offsetMinutes, out DateInstant instant)
    {
        instant = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var seconds = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds() - offsetMinutes * 60L;
        instant = new DateInstant(seconds, nanos);
        return true;
    }

    /// <summary>epoch_millis and epoch_second: a number, with a fraction below the unit.</summary>
    private sealed class EpochPattern(int perSecond) : IDatePattern
    {
        public bool TryParse(string text, out DateInstant instant)
        {
            instant = default;
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return false;
            var seconds = decimal.Floor(value / perSecond);
            var nanos = (value - seconds * perSecond) * (1_000_000_000m / perSecond);
            instant = new DateInstant((long)seconds, (int)decimal.Floor(nanos));
            return true;
        }

        public string Format(DateInstant instant)
        {
            var whole = perSecond == 1000 ? instant.Millis : instant.Seconds;
            var below = perSecond == 1000 ? instant.Nanos % 1_000_000 : instant.Nanos;
            if (below == 0)
                return whole.ToString(CultureInfo.InvariantCulture);
            var digits = perSecond == 1000 ? 6 : 9;
            return whole.ToString(CultureInfo.InvariantCulture) + "." + below.ToString(new string('0', digits), CultureInfo.InvariantCulture).TrimEnd('0');
        }
    }

    /// <summary>
    /// strict_date_optional_time(_nanos): yyyy[-MM[-dd]] then optionally 'T'HH[:mm[:ss[.fraction]]] and Z or an
    /// offset; prints yyyy-MM-dd'T'HH:mm:ss.fraction'Z' with between min and max fraction digits.
    /// </summary>
    private sealed class IsoPattern(int minFraction, int maxFraction) : IDatePattern
    {
        public bool TryParse(string text, out DateInstant instant)
        {
            instant = default;
            var reader = new Reader(text);
            if (!reader.Digits(4, out var year))
                return false;
            int month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0, offset = 0;
            if (reader.Take('-') && (!reader.Digits(2, out month) || (reader.Take('-') && !reader.Digits(2, out day))))
                return false;
            if (reader.Take('T'))
            {
                if (!reader.Digits(2, out hour))
                    return false;
                if (reader.Take(':') && (!reader.Digits(2, out minute) || (reader.Take(':') && !reader.Digits(2, out second))))
                    return false;
                if ((reader.Take('.') || reader.Take(',')) && !reader.Fraction(9, out nanos))
                    return false;
                if (!reader.Offset(out offset))
                    return false;
            }
            return reader.AtEnd && TryInstant(year, month, day, hour, minute, second, nanos, offset, out instant);
        }

        public string Format(DateInstant instant)
        {
            var fraction = instant.Nanos.ToString("000000000", CultureInfo.InvariantCulture)[..maxFraction];
            while (fraction.Length > minFraction && fraction[^1] == '0')
                fraction = fraction[..^1];
            return Utc(instant).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction + "Z";
        }
    }

    /// <summary>
    /// A Java DateTimeFormatter pattern: y/u year, M month, d day, H hour, m minute, s second, S fraction
    /// (as many digits as letters), X/Z/x zone offset, 'quoted' text; every other character stands for itself.
    /// </summary>
    private sealed class JavaPattern : IDatePattern
    {
        private readonly List<(char Letter, int Count, string? Literal)> _tokens = new();

        public JavaPattern(string pattern)
        {
            for (var i = 0; i < pattern.Length;)
            {
                var c = pattern[i];
                if (c == '\'')
                {
                    var end = pattern.IndexOf('\'', i + 1);
                    if (end < 0)
                        throw Invalid(pattern, "Pattern ends with an incomplete string literal");
                    _tokens.Add(('\0', 0, end == i + 1 ? "'" : pattern[(i + 1)..end]));
                    i = end + 1;
                }
                else if (char.IsAsciiLetter(c))
                {
                    var start = i;
                    while (i < pattern.Length && pattern[i] == c)
                        i++;
                    if ("yuMdHmsSXZx".IndexOf(c) < 0)
                        throw Invalid(pattern, $"Unknown pattern letter: {c}");
                    _tokens.Add((c, i - start, null));
                }
                else
                {
                    _tokens.Add(('\0', 0, c.ToString()));
                    i++;
                }
            }
        }

        private static ElasticsearchException Invalid(string pattern, string reason)
            => Errors.IllegalArgument($"Invalid format: [{pattern}]: {reason}");

        public bool TryParse(string text, out DateInstant instant)
        {
            instant = default;
            var reader = new Reader(text);
            int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0, offset = 0;
            foreach (var (letter, count, literal) in _tokens)
            {
                var ok = letter switch
                {
                    '\0' => reader.Literal(literal!),
                    'y' or 'u' => reader.Digits(count == 2 ? 2 : 4, out year),
                    'M' => reader.Digits(Math.Max(count, 2), out month, count == 1),
                    'd' => reader.Digits(Math.Max(count, 2), out day, count == 1),
                    'H' => reader.Digits(Math.Max(count, 2), out hour, count == 1),
                    'm' => reader.Digits(Math.Max(count, 2), out minute, count == 1),
                    's' => reader.Digits(Math.Max(count, 2), out second, count == 1),
                    'S' => reader.FractionExact(count, out nanos),
                    _ => reader.Offset(out offset),
                };
                if (!ok)
                    return false;
            }
            return reader.AtEnd && TryInstant(year, month, day, hour, minute, second, nanos, offset, out instant);
        }

        public string Format(DateInstant instant)
        {
            var utc = Utc(instant);
            var result = new StringBuilder();
            foreach (var (letter, count, literal) in _tokens)
            {
                result.Append(letter switch
                {
                    '\0' => literal,
                    'y' or 'u' => count == 2 ? (utc.Year % 100).ToString("00", CultureInfo.InvariantCulture) : utc.Year.ToString("0000", CultureInfo.InvariantCulture),
                    'M' => Pad(utc.Month, count),
                    'd' => Pad(utc.Day, count),
                    'H' => Pad(utc.Hour, count),
                    'm' => Pad(utc.Minute, count),
                    's' => Pad(utc.Second, count),
                    'S' => instant.Nanos.ToString("000000000", CultureInfo.InvariantCulture)[..Math.Min(count, 9)].PadRight(count, '0'),
                    _ => letter == 'X' ? "Z" : "+0000",
                });
            }
            return result.ToString();
        }

        private static string Pad(int value, int count) => value.ToString(count >= 2 ? "00" : "0", CultureInfo.InvariantCulture);
    }

    private ref struct Reader(string text)
    {
        private readonly string _text = text;
        private int _at;

        public readonly bool AtEnd => _at == _text.Length;

        public bool Take(char c)
        {
            if (_at < _text.Length && _text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        public bool Literal(string literal)
        {
            if (string.CompareOrdinal(_text, _at, literal, 0, literal.Length) != 0)
                return false;
            _at += literal.Length;
            return true;
        }

        /// <summary>Exactly <paramref name="count"/> digits, or 1 to count when <paramref name="upTo"/>.</summary>
        public bool Digits(int count, out int value, bool upTo = false)
        {
            value = 0;
            var read = 0;
            while (read < count && _at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                value = value * 10 + (_text[_at++] - '0');
                read++;
            }
            return upTo ? read > 0 : read == count;
        }

        /// <summary>1 to max fraction digits as nanoseconds.</summary>
        public bool Fraction(int max, out int nanos)
        {
            nanos = 0;
            var read = 0;
            while (read < max && _at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                nanos = nanos * 10 + (_text[_at++] - '0');
                read++;
            }
            for (var i = read; i < 9; i++)
                nanos *= 10;
            return read > 0;
        }

        public bool FractionExact(int count, out int nanos)
        {
            var start = _at;
            return Fraction(Math.Min(count, 9), out nanos) && _at - start == Math.Min(count, 9);
        }

        /// <summary>An optional Z or ±HH[:mm] / ±HHmm offset, in minutes east of UTC.</summary>
        public bool Offset(out int minutes)
        {
            minutes = 0;
            if (AtEnd || Take('Z'))
                return true;
            if (_text[_at] is not ('+' or '-'))
                return true;
            var sign = _text[_at++] == '-' ? -1 : 1;
            if (!Digits(2, out var hours))
                return false;
            Take(':');
            var mins = 0;
            if (!AtEnd && !Digits(2, out mins))
                return false;
            minutes = sign * (hours * 60 + mins);
            return true;
        }
    }
}
