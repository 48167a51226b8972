using VectorReindex.Core.Delta;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Delta;

/// <summary>
/// Issue 14, build 6 in the delta: its id scans survive a lost point in time (a node restart, an
/// expiry) by reopening it and continuing after their last page, and every page renews keep_alive.
/// </summary>
public sealed class DeltaPointInTimeLossTests
{
    private static bool IsScanPage(Progress.OperationProgress p) => p.Status.Contains("ids of", StringComparison.Ordinal);

    [Fact]
    public async Task SyncDelta_WhenTheNodeRestartsBetweenScanPages_RetriesReopensThePointInTime_AndCatchesUpEverything()
    {
        await using var m = await RestartedNodeMigration.StartAsync("delta-restart");
        await m.WriteBehindTheTargetsBackAsync();
        Task? startingAgain = null;
        // After the first page of the first scan: the node goes down (the next page's request is
        // refused and retried) and comes back half a second later without the scan's point in time.
        var observer = new RecordingObserver(p =>
        {
            if (startingAgain == null && IsScanPage(p))
                startingAgain = m.Node.StopThenStartAfterAsync(TimeSpan.FromMilliseconds(500)).GetAwaiter().GetResult();
        });

        var synced = await m.Engine.SyncDeltaAsync(new DeltaStageOptions(m.Backfilled), observer, default);
        await startingAgain!;

        Assert.Equal(1, m.Node.Restarts);
        Assert.Equal(MigrationPhase.Synced, synced.Phase);
        Assert.True(synced.Delta!.PitReopened >= 1, "the delta never saw its point in time lost");
        Assert.True(synced.Delta.Passes >= 2, "a pass whose scan crossed a lost point in time was taken as the last word");
        Assert.Equal(0L, synced.Delta.Failed);
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        var differences = await m.DifferencesAsync();
        Assert.True(differences.Count == 0, string.Join("; ", differences.Take(5)));
    }

    [Fact]
    public async Task SyncDelta_WhosePointInTimeExpiresBetweenScanPages_ReopensIt_AndCatchesUpEverything()
    {
        await using var m = await RestartedNodeMigration.StartAsync("delta-expiry");
        await m.WriteBehindTheTargetsBackAsync();
        var paused = 0;
        // keep_alive 1s, and one pause of 1.5 s after the first page: the PIT is gone when the scan goes on.
        var observer = new RecordingObserver(p =>
        {
            if (IsScanPage(p) && Interlocked.Exchange(ref paused, 1) == 0) Thread.Sleep(1500);
        });

        var synced = await m.Engine.SyncDeltaAsync(new DeltaStageOptions(m.Backfilled) { Delta = new DeltaOptions { KeepAlive = "1s" } }, observer, default);

        Assert.True(synced.Delta!.PitReopened >= 1, "the point in time never expired: the test did not exercise a loss");
        Assert.Equal(0L, synced.Delta.Failed);
        var differences = await m.DifferencesAsync();
        Assert.True(differences.Count == 0, string.Join("; ", differences.Take(5)));
    }

    [Fact]
    public async Task SyncDelta_WhoseScansOutliveTheirKeepAlive_RenewItWithEveryPage_AndNeverLoseThePointInTime()
    {
        await using var m = await RestartedNodeMigration.StartAsync("delta-renew");
        await m.WriteBehindTheTargetsBackAsync();
        var pages = 0;
        // keep_alive 2s, 1.2 s between pages: each scan (3 pages) lives 2.4 s and more, so only a
        // keep_alive renewed by every page keeps its point in time.
        var observer = new RecordingObserver(p =>
        {
            if (!IsScanPage(p)) return;
            Interlocked.Increment(ref pages);
            Thread.Sleep(1200);
        });

        var synced = await m.Engine.SyncDeltaAsync(new DeltaStageOptions(m.Backfilled) { Delta = new DeltaOptions { KeepAlive = "2s" } }, observer, default);

        Assert.True(pages >= 6, $"{pages} scan pages: the scans were too short to outlive the keep_alive");
        Assert.Null(synced.Delta!.PitReopened);
        var differences = await m.DifferencesAsync();
        Assert.True(differences.Count == 0, string.Join("; ", differences.Take(5)));
    }
}
