using System.Collections.Concurrent;

namespace VectorReindex.Demo;

/// <summary>One query or write as the traffic saw it; a query names the cluster it was sent to.</summary>
public readonly record struct Sample(double At, double LatencyMs, bool Ok, string? Error, string? Endpoint = null);

/// <summary>The traffic's record: queries and writes with their times.</summary>
public sealed class TrafficLog
{
    public ConcurrentQueue<Sample> Queries { get; } = new();
    public ConcurrentQueue<Sample> Writes { get; } = new();
}

public static class Percentile
{
    public static double Of(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
