using VectorReindex.Demo;

namespace VectorReindex.Demo.Tests;

/// <summary>Issue 7, acceptance 1, at a smaller size: the demo's migration under live traffic loses nothing and fails no query.</summary>
public sealed class ZeroDowntimeDemoTests
{
    [Fact]
    public async Task SmallDemo_ZeroFailedQueries_AndNothingLostStaleOrResurrected()
    {
        var options = new DemoOptions
        {
            Documents = 4000,
            IdleWindow = TimeSpan.FromSeconds(2),
            AfterWindow = TimeSpan.FromSeconds(2),
            QueriesPerSecond = 20,
            WritesPerSecond = 40,
            OutputFolder = Path.Combine(Path.GetTempPath(), "vr-demo-" + Guid.NewGuid().ToString("N")[..8]),
        };

        var report = await ZeroDowntimeDemo.RunAsync(options, _ => { }, CancellationToken.None);

        Assert.NotNull(report.Migration);
        Assert.Empty(report.ScriptErrors);
        Assert.True(report.Traffic.Queries.Count > 50, $"only {report.Traffic.Queries.Count} queries ran");
        Assert.True(report.Traffic.Writes.Count(w => w.At >= report.MigrationStart && w.At < report.MigrationEnd) > 20, "too few writes during the migration to prove anything");
        Assert.True(report.FailedQueries == 0, report.Render());
        Assert.Equal(0, report.Verification.Lost);
        Assert.Equal(0, report.Verification.Stale);
        Assert.Equal(0, report.Verification.Resurrected);
        Assert.True(report.Verification.Checked >= 4000);
        Assert.True(report.Migration!.Parity!.Passed);
        Assert.NotNull(report.CutoverAt);
        Assert.True(report.ZeroDowntime, report.Render());
        Assert.Contains("<svg", TimelineSvg.Render(report));
    }
}
