using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Backfill;

/// <summary>A lost point in time (Elasticsearch's search_phase_execution_exception caused by search_context_missing_exception) is reopened and each slice resumes.</summary>
public sealed class PointInTimeLossTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public PointInTimeLossTests(EngineFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Backfill_WhosePointInTimeExpiresBetweenPages_ReopensIt_AndCopiesEverything()
    {
        const int documents = 100;
        var alias = await _fixture.LiveAliasAsync("pit-expiry", documents, Dims, shards: 3);
        var engine = _fixture.Engine;
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default), MigrationObserver.None, default);
        // keep_alive 1s and pages paced 1.5 s apart: the PIT is gone before each next page.
        var options = new BackfillOptions { Slices = 2, BatchSize = 25, MaxDocsPerSecond = 16, KeepAlive = "1s" };

        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = options }, new RecordingObserver(), default);

        Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
        Assert.True(backfilled.Backfill!.PitReopened >= 1, "the point in time never expired: the test did not exercise a loss");
        Assert.Empty(await IndexComparison.DifferencesAsync(_fixture.Seed, alias + "-v1", alias + "-v2", documents, null));
    }

    [Fact]
    public async Task Backfill_ThroughANodeRestart_RetriesReopensThePointInTime_AndCopiesEverything()
    {
        const int documents = 3000;
        var data = Directory.CreateTempSubdirectory("vr-pit-restart-").FullName;
        var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.17.0", DataPath = data });
        var port = node.Uri.Port;
        try
        {
            var settings = new ConnectionSettings(new[] { node.Uri });
            settings.Retry.MaxRetryTime = TimeSpan.FromSeconds(60);
            settings.Retry.MaxRetries = 30;
            using var cluster = await ClusterConnector.ConnectAsync(settings, false, null, CancellationToken.None);
            using var seed = new ClusterSeeder(node.Uri);
            var alias = "pit-restart-" + Guid.NewGuid().ToString("N")[..8];
            await seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims, shards: 3);
            await seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);
            var engine = new MigrationEngine(cluster);
            var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default), MigrationObserver.None, default);
            var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var restarting = 0;
            var observer = new RecordingObserver(p =>
            {
                if (p.Done < documents / 4 || Interlocked.Exchange(ref restarting, 1) == 1) return;
                _ = Task.Run(async () =>
                {
                    await node.DisposeAsync();
                    node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = port, EsVersion = "8.17.0", DataPath = data });
                    restarted.SetResult();
                });
            });

            var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created)
            {
                Backfill = new BackfillOptions { Slices = 2, BatchSize = 100, MaxDocsPerSecond = 1500 },
            }, observer, default);
            await restarted.Task;

            Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
            Assert.True(backfilled.Backfill!.PitReopened >= 1, "the backfill never saw its point in time lost");
            Assert.Empty(await IndexComparison.DifferencesAsync(seed, alias + "-v1", alias + "-v2", documents, null));
        }
        finally
        {
            await node.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
