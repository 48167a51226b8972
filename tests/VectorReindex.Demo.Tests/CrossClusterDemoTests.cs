namespace VectorReindex.Demo.Tests;

/// <summary>
/// Issue 15, build 5 and acceptance 2 at a CI size: the --cross-cluster demo moves 'products'
/// from an 8.19 cluster (3 shards) to a 9.x cluster (2 shards) under live readers and
/// dual-writers; readers switch endpoint from the record, no query fails, and both clusters end
/// equal to each other and to the writers' ground truth.
/// </summary>
public sealed class CrossClusterDemoTests
{
    [Fact]
    public async Task SmallCrossClusterDemo_ReadersSwitchToTheNewCluster_ZeroFailedQueries_NothingLostStaleOrResurrectedOnEitherCluster()
    {
        var options = DemoOptions.Parse("--cross-cluster --docs 3000 --idle 2 --after 3 --qps 20 --writes 40".Split(' '));

        var report = await CrossClusterDemo.RunAsync(options, _ => { }, CancellationToken.None);

        var text = report.Render();
        Assert.True(report.ZeroDowntime, text);
        Assert.Equal(0, report.FailedQueries);
        Assert.Equal((0L, 0L, 0L), (report.Verification.Lost, report.Verification.Stale, report.Verification.Resurrected));
        Assert.True(report.Verification.Checked >= 3000 && report.Verification.VectorsChecked >= 2500, text);
        Assert.True(report.Traffic.Writes.Count(w => w.At >= report.MigrationStart && w.At < report.MigrationEnd) > 20, "too few writes during the migration to prove anything");
        Assert.True(report.Migration!.Parity!.Passed, text);
        Assert.Contains("CutOver", report.PhaseMarks.Select(p => p.Name));

        var run = report.CrossCluster!;
        Assert.True(run.Agreement.Compared >= 2500, text);
        // The old cluster is kept current by the reverse dual-write, versions and routing included,
        // a document deleted before the migration and created again after the cutover too.
        Assert.True(report.RollbackReady, text);
        Assert.Equal(0, run.Agreement.Differences);
        Assert.Equal((0L, 0L, 0L), (run.OldIndex.Lost, run.OldIndex.Stale, run.OldIndex.Resurrected));
        var move = Assert.Single(run.Switches);
        Assert.Equal(("old-cluster", "new-cluster"), (move.From, move.To));
        Assert.True(move.At >= report.MigrationStart && move.At < report.MigrationEnd + options.AfterWindow.TotalSeconds, text);

        var endpoints = report.QueriesByEndpoint();
        Assert.Equal(new[] { "old-cluster", "new-cluster" }, endpoints.Select(e => e.Endpoint));
        Assert.All(endpoints, e => Assert.True(e.Queries.Count > 10, $"only {e.Queries.Count} queries to {e.Endpoint}"));
        // A query started after the switch goes to the new cluster; none before it did.
        Assert.All(endpoints[1].Queries, q => Assert.True(q.At >= move.At - 0.5, $"a query went to the new cluster at t={q.At:F2}, before the switch"));
        Assert.All(endpoints[0].Queries, q => Assert.True(q.At <= move.At + 0.5, $"a query went to the old cluster at t={q.At:F2}, after the switch"));
        Assert.Contains("endpoint switch        at t=", text);
        Assert.StartsWith("Completed at ", run.Completion);
        Assert.Contains("marker on products-v1 removed, index.blocks.write true", run.Completion);
        Assert.Contains("class=\"endpoint-switch\"", TimelineSvg.Render(report));

        NodeProcess.AssertStopped(run.OldPid);
        NodeProcess.AssertStopped(run.NewPid);
    }
}
