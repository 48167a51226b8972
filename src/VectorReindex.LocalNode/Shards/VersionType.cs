using VectorReindex.LocalNode.Foundation;
namespace VectorReindex.LocalNode.Shards;

/// <summary>Elasticsearch's version types and their conflict rules and explanations, for writes and reads.</summary>
internal enum VersionType
{
    Internal,
    External,
    ExternalGte,
}

internal static class Versions
{
    /// <summary>No version given: any current version matches.</summary>
    public const long MatchAny = -3;

    /// <summary>op_type=create: only a missing or deleted document matches.</summary>
    public const long MatchDeleted = -4;

    public const long NotFound = -1;

    public static VersionType Parse(string? text) => text switch
    {
        null or "internal" => VersionType.Internal,
        "external" or "external_gt" => VersionType.External,
        "external_gte" => VersionType.ExternalGte,
        _ => throw Errors.IllegalArgument($"No version type match [{text}]"),
    };

    public static bool IsConflictForWrites(VersionType type, long current, long expected, bool deleted) => type switch
    {
        VersionType.Internal => expected != MatchAny && (expected == MatchDeleted ? !deleted : current != expected),
        VersionType.External => current != NotFound && (expected == MatchAny || current >= expected),
        _ => current != NotFound && (expected == MatchAny || current > expected),
    };

    public static string ExplainConflictForWrites(VersionType type, long current, long expected) => type switch
    {
        VersionType.Internal when expected == MatchDeleted => $"document already exists (current version [{current}])",
        VersionType.Internal when current == NotFound => $"document does not exist (expected version [{expected}])",
        VersionType.Internal => $"current version [{current}] is different than the one provided [{expected}]",
        VersionType.External => $"current version [{current}] is higher or equal to the one provided [{expected}]",
        _ => $"current version [{current}] is higher than the one provided [{expected}]",
    };

    public static bool IsConflictForReads(VersionType type, long current, long expected)
        => expected != MatchAny && (current == NotFound || current != expected);

    public static string ExplainConflictForReads(long current, long expected)
        => current == NotFound
            ? $"document does not exist (expected version [{expected}])"
            : $"current version [{current}] is different than the one provided [{expected}]";

    public static long UpdateVersion(VersionType type, long current, long expected)
        => type == VersionType.Internal ? (current == NotFound ? 1 : current + 1) : expected;
}
