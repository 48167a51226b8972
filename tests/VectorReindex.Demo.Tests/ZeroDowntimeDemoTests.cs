using System.Diagnostics;
using VectorReindex.Core.Embedding;
using VectorReindex.Demo;

namespace VectorReindex.Demo.Tests;

/// <summary>Issue 7, acceptance 1, and issue 16, build 5, at a smaller size: the demo's migration under live traffic loses nothing and fails no query.</summary>
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
        Assert.True(report.Verification.VectorsChecked >= 3000, $"{report.Verification.VectorsChecked} vectors checked");
        Assert.True(report.Migration!.Parity!.Passed);
        Assert.NotNull(report.CutoverAt);
        Assert.True(report.ZeroDowntime, report.Render());
        Assert.Equal(new[] { "Created", "Backfilling", "Backfilled", "Syncing", "Synced", "Verified", "CutOver" }, report.PhaseMarks.Select(p => p.Name));
        Assert.Contains("<svg", TimelineSvg.Render(report));
        NodeProcessIsGone(report);
    }

    /// <summary>Build 3: the real-model mode (MiniLM) at a CI size, with recall@10 of the new index.</summary>
    [Fact]
    public async Task SmallMiniLMDemo_MigratesToTheRealModel_RecallAt10AtLeast095()
    {
        var options = DemoOptions.Parse(new[]
        {
            "--model", "MiniLM", "--docs", "200", "--idle", "2", "--after", "2", "--qps", "8", "--writes", "3", "--recall-queries", "100",
        });
        Assert.Equal(LocalEmbeddingModel.MiniLM, options.Model);
        Assert.Equal(384, options.NewDimensions);

        var report = await ZeroDowntimeDemo.RunAsync(options, _ => { }, CancellationToken.None);

        Assert.True(report.ZeroDowntime, report.Render());
        // Stale counts vectors that are not MiniLM's embedding of the document's current text.
        Assert.True(report.Verification.VectorsChecked >= 100, $"{report.Verification.VectorsChecked} vectors checked");
        Assert.NotNull(report.Recall);
        Assert.Equal(100, report.Recall!.Queries);
        Assert.True(report.Recall.RecallAt10 >= 0.95, report.Render());
        Assert.True(report.Recall.EmbedTextsPerSecond > 0 && report.Verification.EmbedTextsPerSecond > 0);
        Assert.Contains("recall@10", report.Render());
        NodeProcessIsGone(report);
    }

    private static void NodeProcessIsGone(DemoReport report)
    {
        Assert.Contains($"pid {report.NodePid}", report.Render());
        NodeProcess.AssertStopped(report.NodePid);
    }
}
