using VectorReindex.Core.Tests.CrossCluster;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;
using Xunit.Abstractions;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// A backfill to a new cluster is interrupted, by the new cluster's node going down or by the
/// operator stopping the module, and still ends with the target equal to the source, without
/// starting over.
/// </summary>
public sealed class CrossClusterResumeTests
{
    private const int Dims = 8;
    private const int Documents = 3000;
    private readonly ITestOutputHelper _output;

    public CrossClusterResumeTests(ITestOutputHelper output) => _output = output;

    private static async Task<(string Alias, VectorMigration Created)> ShadowAsync(OldAndNewClusters clusters, MigrationEngine engine)
    {
        var alias = "resume-" + Guid.NewGuid().ToString("N")[..8];
        await clusters.Old.Seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims, shards: 2);
        await clusters.Old.Seed.IndexDocumentsAsync(alias + "-v1", 0, Documents, Dims);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 3 }, MigrationObserver.None, default);
        return (alias, await engine.CreateShadowAsync(plan, MigrationObserver.None, default));
    }

    // Paced so that the run is still copying when the interruption comes (about 2 s in all).
    private static BackfillOptions Paced => new() { Slices = 2, BatchSize = 100, MaxDocsPerSecond = 1500, CheckpointInterval = TimeSpan.FromMilliseconds(200) };

    private static async Task<VectorMigration> CatchUpAndVerifyAsync(MigrationEngine engine, VectorMigration backfilled, OldAndNewClusters clusters, string alias)
    {
        var observer = new RecordingObserver();
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 100 }, observer, default);
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.Empty(await IndexComparison.DifferencesAsync(clusters.Old.Seed, alias + "-v1", clusters.New.Seed, backfilled.Target, Documents, null));
        return verified;
    }

    [Fact]
    public async Task Backfill_WhileTheTargetClustersNodeRestarts_RidesItOut_AndCopiesEverything()
    {
        await using var clusters = await OldAndNewClusters.StartAsync();
        var engine = new MigrationEngine(clusters.Old.Connection, clusters.New.Connection);
        var (alias, created) = await ShadowAsync(clusters, engine);
        Task? restarted = null;
        var stopping = 0;
        var observer = new RecordingObserver(p =>
        {
            if (p.Done < Documents / 4 || Interlocked.Exchange(ref stopping, 1) == 1) return;
            restarted = Task.Run(async () => await await clusters.New.Node.StopThenStartAfterAsync(TimeSpan.FromSeconds(2)));
        });

        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = Paced }, observer, default);
        Assert.True(restarted!.IsCompleted, "the backfill ended while the target was still down: it did not ride the restart out");
        await restarted;

        _output.WriteLine($"target down {clusters.New.Node.LastDowntime.TotalSeconds:0.0} s; {backfilled.Backfill!.Copied} copied, {backfilled.Backfill.SkippedNewer} skipped, {backfilled.Backfill.Retried} retried");
        Assert.Equal(1, clusters.New.Node.Restarts);
        Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
        Assert.Equal(Documents, backfilled.Backfill!.Copied + backfilled.Backfill.SkippedNewer);
        Assert.Equal(0L, backfilled.Backfill.Failed);
        Assert.Null(backfilled.Backfill.PitReopened); // the source's point in time lives on the source cluster, which stayed up
        await CatchUpAndVerifyAsync(engine, backfilled, clusters, alias);
    }

    [Fact]
    public async Task Backfill_WhoseRetriesRunOutWhileTheTargetIsDown_FailsNamingTheNewCluster_AndARerunResumesFromTheCheckpoint()
    {
        await using var clusters = await OldAndNewClusters.StartAsync();
        // A budget of one quick retry: this run gives up while the target is down, as a longer outage would make any run do.
        using var impatient = await OldAndNewClusters.Side.ConnectAsync(clusters.New.Node.Uri, clusters.New.Credentials, maxRetries: 1);
        var first = new MigrationEngine(clusters.Old.Connection, impatient);
        var (alias, created) = await ShadowAsync(clusters, first);
        Task? stopped = null;
        var stopping = 0;
        var observer = new RecordingObserver(p =>
        {
            if (p.Done < Documents / 3 || Interlocked.Exchange(ref stopping, 1) == 1) return;
            stopped = Task.Run(clusters.New.Node.StopAsync);
        });

        var failure = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            first.BackfillAsync(new BackfillStageOptions(created) { Backfill = Paced }, observer, default));
        await stopped!;
        Assert.Equal(ElasticsearchFailure.Connection, failure.Failure);
        Assert.Equal(OldAndNewClusters.NewName, failure.ClusterName);
        Assert.Contains("cluster " + OldAndNewClusters.NewName + " at ", failure.Message);

        await clusters.New.Node.StartAgainAsync();
        var second = new MigrationEngine(clusters.Old.Connection, clusters.New.Connection);
        var recorded = await second.FindInFlightAsync(alias, MigrationObserver.None, default);
        var checkpointed = recorded!.Backfill!.Copied;
        Assert.InRange(checkpointed, 1, Documents - 1);
        var writtenBefore = await clusters.New.IndexTotalAsync(created.Target);

        var backfilled = await second.BackfillAsync(new BackfillStageOptions(recorded) { Backfill = Paced }, new RecordingObserver(), default);

        var writtenBySecondRun = await clusters.New.IndexTotalAsync(created.Target) - writtenBefore;
        _output.WriteLine($"gave up with: {failure.Message}");
        _output.WriteLine($"checkpoint {checkpointed} of {Documents}; the rerun wrote {writtenBySecondRun}");
        Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
        Assert.InRange(writtenBySecondRun, Documents - checkpointed, Documents - 1);
        await CatchUpAndVerifyAsync(second, backfilled, clusters, alias);
    }

    [Fact]
    public async Task Backfill_CancelledMidway_ResumesInANewSessionFromTheTargetsCheckpoint_NotFromZero()
    {
        await using var clusters = await OldAndNewClusters.StartAsync();
        var first = new MigrationEngine(clusters.Old.Connection, clusters.New.Connection);
        var (alias, created) = await ShadowAsync(clusters, first);
        using var stop = new CancellationTokenSource();
        var observer = new RecordingObserver(p =>
        {
            if (p.Done >= Documents / 3) stop.Cancel(); // what StopProcessing does
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            first.BackfillAsync(new BackfillStageOptions(created) { Backfill = Paced }, observer, stop.Token));

        // A new session: new connections with each side's credentials, and only what the target cluster recorded.
        var (old, @new) = await clusters.ConnectAgainAsync();
        using (old)
        using (@new)
        {
            var second = new MigrationEngine(old, @new);
            var recorded = await second.FindInFlightAsync(alias, MigrationObserver.None, default);
            Assert.NotNull(recorded);
            Assert.Equal(MigrationPhase.Backfilling, recorded!.Phase);
            var checkpointed = recorded.Backfill!.Copied;
            Assert.InRange(checkpointed, 1, Documents - 1);
            var writtenBefore = await clusters.New.IndexTotalAsync(created.Target);

            var backfilled = await second.BackfillAsync(new BackfillStageOptions(recorded) { Backfill = Paced }, new RecordingObserver(), default);

            var writtenBySecondRun = await clusters.New.IndexTotalAsync(created.Target) - writtenBefore;
            _output.WriteLine($"checkpoint {checkpointed} of {Documents}; the second run wrote {writtenBySecondRun}");
            Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
            Assert.Equal(Documents, backfilled.Backfill!.Copied + backfilled.Backfill.SkippedNewer);
            // Only what the checkpoint had not covered, plus at most the pages in flight when it was cancelled.
            Assert.InRange(writtenBySecondRun, Documents - checkpointed, Documents - checkpointed + 2 * Paced.BatchSize * Paced.Slices);
            Assert.True(writtenBySecondRun < Documents, $"the second run wrote {writtenBySecondRun} of {Documents}: it started over");
            await CatchUpAndVerifyAsync(second, backfilled, clusters, alias);
        }
    }
}
