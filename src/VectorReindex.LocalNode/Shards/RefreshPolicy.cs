using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Shards;

/// <summary>The refresh parameter of write APIs: false, true (or empty) and wait_for.</summary>
internal enum RefreshPolicy
{
    None,
    Immediate,
    WaitFor,
}

internal static class RefreshPolicies
{
    public static RefreshPolicy Parse(string? value) => value switch
    {
        null or "false" => RefreshPolicy.None,
        "" or "true" => RefreshPolicy.Immediate,
        "wait_for" => RefreshPolicy.WaitFor,
        _ => throw Errors.IllegalArgument($"Unknown value for refresh: [{value}]."),
    };
}
