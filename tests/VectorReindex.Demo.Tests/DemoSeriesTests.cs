namespace VectorReindex.Demo.Tests;

/// <summary>Issue 16, build 5: --repeat reports each run's p99 during/idle ratio, their median and the worst.</summary>
public sealed class DemoSeriesTests
{
    [Fact]
    public void FiveRuns_MedianAndWorstOfTheirP99Ratios_EachRunListed()
    {
        var series = new DemoSeries();
        foreach (var ratio in new[] { 1.4, 0.9, 1.1, 2.0, 1.2 }) series.Runs.Add(Run(ratio));

        Assert.Equal(new[] { 1.4, 0.9, 1.1, 2.0, 1.2 }, series.Runs.Select(r => Math.Round(r.P99Ratio, 6)));
        Assert.Equal(1.2, series.Median, 6);
        Assert.Equal(2.0, series.Worst, 6);
        var text = series.Render();
        Assert.Contains("run 4  p99 idle   10.0 ms  during   20.0 ms  ratio 2.00", text);
        Assert.Contains("p99 during / idle p99  median 1.20, worst 2.00 over 5 runs", text);
    }

    [Fact]
    public void MedianOfAnEvenCount_IsTheMeanOfTheMiddleTwo() =>
        Assert.Equal(1.5, DemoSeries.MedianOf(new[] { 2.0, 1.0, 1.4, 1.6 }), 9);

    /// <summary>A run whose queries take 10 ms before the migration (t 0-10 s) and 10 × <paramref name="ratio"/> ms during it (t 10-20 s).</summary>
    private static DemoReport Run(double ratio)
    {
        var traffic = new TrafficLog();
        for (var i = 0; i < 400; i++) traffic.Queries.Enqueue(new Sample(i * 0.05, i < 200 ? 10 : 10 * ratio, true, null));
        return new DemoReport
        {
            Options = new DemoOptions(),
            Traffic = traffic,
            Verification = new Verification(),
            MigrationStart = 10,
            MigrationEnd = 20,
        };
    }
}
