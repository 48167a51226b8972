namespace VectorReindex.Demo.Tests;

/// <summary>Issue 16, build 5: idle p99 is the windows before (after the warm-up) and after the migration, measured alike.</summary>
public sealed class DemoReportTests
{
    [Fact]
    public void P99Ratio_DuringOverBeforeAndAfterTogether_WarmUpInNoWindow()
    {
        var traffic = new TrafficLog();
        // t 0-2 s warm-up at 500 ms, 2-10 s before at 10 ms, 10-20 s during at 30 ms, 20-30 s after at 20 ms.
        for (var i = 0; i < 600; i++)
        {
            var at = i * 0.05;
            traffic.Queries.Enqueue(new Sample(at, at < 2 ? 500 : at < 10 ? 10 : at < 20 ? 30 : 20, true, null));
        }
        var report = new DemoReport
        {
            Options = new DemoOptions(),
            Traffic = traffic,
            Verification = new Verification(),
            WarmUpEnd = 2,
            MigrationStart = 10,
            MigrationEnd = 20,
        };

        Assert.Equal((10.0, 160), (report.Before.P99, report.Before.Count));
        Assert.Equal((20.0, 200), (report.After.P99, report.After.Count));
        Assert.Equal((20.0, 360), (report.Idle.P99, report.Idle.Count));
        Assert.Equal(1.5, report.P99Ratio, 9);
        var text = report.Render();
        Assert.Contains("warm-up p50   500.0  p99   500.0  (40 queries, first 2.0 s: in no window)", text);
        Assert.Contains("idle    p50    20.0  p99    20.0  (360 queries: before and after)", text);
        Assert.Contains("backfill throttle      5,000 docs/s (--max-docs-per-second)", text);
    }

    [Fact]
    public void LatencyByPhase_SplitsTheMigrationWindowAtEachPhaseSeen()
    {
        var traffic = new TrafficLog();
        // Queries every 0.1 s from t 0 to 30: 10 ms before the first phase mark, 40 ms while Backfilling, 90 ms while Syncing.
        for (var i = 0; i < 300; i++)
        {
            var at = i * 0.1;
            traffic.Queries.Enqueue(new Sample(at, at < 12 ? 10 : at < 18 ? 40 : 90, true, null));
        }
        var report = new DemoReport
        {
            Options = new DemoOptions(),
            Traffic = traffic,
            Verification = new Verification(),
            WarmUpEnd = 2,
            MigrationStart = 10,
            MigrationEnd = 20,
            PhaseMarks = { new PhaseMark("Created", 9, false), new PhaseMark("Backfilling", 12, false), new PhaseMark("Syncing", 18, false), new PhaseMark("CutOver", 25, false) },
        };

        var phases = report.LatencyByPhase();

        // Marks outside the window are not phases of it; the window's start up to the first mark is "starting".
        Assert.Equal(new[] { "starting", "Backfilling", "Syncing" }, phases.Select(p => p.Phase));
        Assert.Equal(new[] { 20, 60, 20 }, phases.Select(p => p.Latency.Count));
        Assert.Equal(new[] { 10.0, 40.0, 90.0 }, phases.Select(p => p.Latency.P99));
        Assert.Contains("during, Syncing      p50    90.0  p90    90.0  p99    90.0  (20 queries from t=18.0 s)", report.Render());
    }
}
