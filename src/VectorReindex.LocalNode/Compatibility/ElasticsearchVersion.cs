using System.Globalization;

namespace VectorReindex.LocalNode.Compatibility;

/// <summary>A release number (major.minor.patch), ordered as releases are.</summary>
public readonly record struct ElasticsearchVersion(int Major, int Minor, int Patch) : IComparable<ElasticsearchVersion>
{
    /// <summary>Parses "X.Y.Z"; null when the text is not three non-negative integers.</summary>
    public static ElasticsearchVersion? TryParse(string? text)
    {
        var parts = text?.Split('.');
        if (parts is not { Length: 3 })
            return null;
        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                return null;
        return new ElasticsearchVersion(numbers[0], numbers[1], numbers[2]);
    }

    public int CompareTo(ElasticsearchVersion other)
        => Major != other.Major ? Major.CompareTo(other.Major)
            : Minor != other.Minor ? Minor.CompareTo(other.Minor)
            : Patch.CompareTo(other.Patch);

    /// <summary>True from <paramref name="major"/>.<paramref name="minor"/>.0 on.</summary>
    public bool IsAtLeast(int major, int minor) => CompareTo(new ElasticsearchVersion(major, minor, 0)) >= 0;

    public static bool operator <(ElasticsearchVersion a, ElasticsearchVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ElasticsearchVersion a, ElasticsearchVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ElasticsearchVersion a, ElasticsearchVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ElasticsearchVersion a, ElasticsearchVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
