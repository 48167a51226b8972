using System.Globalization;
using System.Text;

namespace VectorReindex.Demo;

/// <summary>
/// The demo run several times (--repeat), each on a fresh node, for the spread of its headline
/// figure: one run's p99 during/idle ratio moves with whatever else the machine does, so the
/// median and the worst of several runs are what the demo claims.
/// </summary>
public sealed class DemoSeries
{
    public List<DemoReport> Runs { get; } = new();

    public double Median => MedianOf(Runs.Select(r => r.P99Ratio).ToList());

    public double Worst => Runs.Select(r => r.P99Ratio).DefaultIfEmpty(double.NaN).Max();

    public bool ZeroDowntime => Runs.Count > 0 && Runs.All(r => r.ZeroDowntime);

    /// <summary>Every run left a rollback possible (the --cross-cluster mode's old index current; always so with one cluster).</summary>
    public bool RollbackReady => Runs.All(r => r.RollbackReady);

    public static double MedianOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public string Render()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"VectorReindex zero-downtime demo, {Runs.Count} runs");
        sb.AppendLine("================================");
        for (var i = 0; i < Runs.Count; i++)
        {
            var r = Runs[i];
            var idle = r.Idle;
            var during = r.During;
            sb.AppendLine(c, $"run {i + 1}  p99 idle {idle.P99,6:F1} ms  during {during.P99,6:F1} ms  ratio {r.P99Ratio:F2}  " +
                             $"migration {r.MigrationEnd - r.MigrationStart:F1} s  {r.FailedQueries} failed queries  " +
                             $"{r.Verification.Lost}/{r.Verification.Stale}/{r.Verification.Resurrected} lost/stale/resurrected");
        }
        sb.AppendLine(c, $"p99 during / idle p99  median {Median:F2}, worst {Worst:F2} over {Runs.Count} runs");
        sb.AppendLine(ZeroDowntime ? $"RESULT: zero downtime in all {Runs.Count} runs" : "RESULT: NOT zero downtime in every run");
        return sb.ToString();
    }
}
