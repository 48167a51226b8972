using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Delta;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Parity;

/// <summary>Issue 14, build 6 in the parity check: its id scans survive a node restart, and the check still proves (or disproves) parity.</summary>
public sealed class ParityPointInTimeLossTests
{
    private static async Task<VectorMigration> CheckThroughARestartAsync(RestartedNodeMigration m, VectorMigration synced)
    {
        Task? startingAgain = null;
        var observer = new RecordingObserver(p =>
        {
            if (startingAgain == null && p.Status.Contains("ids of", StringComparison.Ordinal))
                startingAgain = m.Node.StopThenStartAfterAsync(TimeSpan.FromMilliseconds(500)).GetAwaiter().GetResult();
        });
        var verified = await m.Engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 200 }, observer, default);
        await startingAgain!;
        return verified;
    }

    [Fact]
    public async Task TestParity_WhenTheNodeRestartsBetweenScanPages_ReopensThePointInTime_AndPasses()
    {
        await using var m = await RestartedNodeMigration.StartAsync("parity-restart");
        await m.WriteBehindTheTargetsBackAsync();
        var synced = await m.Engine.SyncDeltaAsync(new DeltaStageOptions(m.Backfilled), new RecordingObserver(), default);

        var verified = await CheckThroughARestartAsync(m, synced);

        Assert.Equal(1, m.Node.Restarts);
        Assert.True(verified.Parity!.PitReopened >= 1, "the parity check never saw its point in time lost");
        Assert.True(verified.Parity.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.Equal(MigrationPhase.Verified, verified.Phase);
    }

    [Fact]
    public async Task TestParity_WhenTheNodeRestartsBetweenScanPages_StillFindsARoutedDocumentMissingFromTheTarget()
    {
        await using var m = await RestartedNodeMigration.StartAsync("parity-restart-missing");
        var synced = await m.Engine.SyncDeltaAsync(new DeltaStageOptions(m.Backfilled), new RecordingObserver(), default);
        await m.Seed.SendAsync(HttpMethod.Delete, $"/{m.Alias}-v2/_doc/doc-7?routing={RestartedNodeMigration.Routing(7)}&refresh=true");

        var verified = await CheckThroughARestartAsync(m, synced);

        Assert.True(verified.Parity!.PitReopened >= 1, "the parity check never saw its point in time lost");
        Assert.False(verified.Parity.Passed);
        Assert.Equal(1L, verified.Parity.MissingInTarget);
    }
}
