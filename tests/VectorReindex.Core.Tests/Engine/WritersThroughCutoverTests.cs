using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// Writers that resolve the alias for every batch (as each Set-VectorDocument call does) keep
/// writing while the migration runs and the alias is cut over under them, and on after the
/// cutover (reverse dual-write): every acknowledged write and delete is in both indexes, and the
/// old index, which a rollback serves again, equals the new one.
/// </summary>
public sealed class WritersThroughCutoverTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private const int Documents = 600;
    private const int Writers = 3;
    private readonly EngineFixture _fixture;

    public WritersThroughCutoverTests(EngineFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ConcurrentWriters_ThroughTheCutover_LoseNoAcknowledgedWrite_AndTheOldIndexEqualsTheNew()
    {
        var alias = await _fixture.LiveAliasAsync("through", Documents, Dims);
        var engine = _fixture.Engine;
        var acknowledged = new ConcurrentDictionary<string, string?>(); // id -> title last acknowledged, null when deleted
        using var stop = new CancellationTokenSource();
        var cutOver = new TaskCompletionSource();
        var batchesAfterCutover = new int[Writers];
        var running = Enumerable.Range(0, Writers).Select(slot => Task.Run(async () =>
        {
            var random = new Random(slot);
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias, TextField = "title" }, MigrationObserver.None, default);
                // Each writer owns the ids n with n % Writers == slot, so "last acknowledged" is well defined.
                var ids = Enumerable.Range(0, 5).Select(_ => "doc-" + (random.Next(Documents / Writers) * Writers + slot)).Distinct().ToList();
                if (round % 4 == 3)
                {
                    var failures = await writer.DeleteAsync(ids, new DualWriteSummary(), default);
                    foreach (var id in ids.Except(failures.Select(f => f.Id))) acknowledged[id] = null;
                }
                else
                {
                    var docs = ids.Select(id => new VectorDocument(id, $"{id} round {round}", ClusterSeeder.Vector(random.Next(1000), Dims), new JsonObject { ["price"] = round })).ToList();
                    var failures = await writer.WriteAsync(docs, new DualWriteSummary(), default);
                    foreach (var d in docs.Where(d => failures.All(f => f.Id != d.Id))) acknowledged[d.Id] = d.Text;
                }
                if (cutOver.Task.IsCompleted) Interlocked.Increment(ref batchesAfterCutover[slot]);
            }
        })).ToList();

        var observer = new RecordingObserver();
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, IndexOptions = new JsonObject { ["type"] = "int8_hnsw" } }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 100 } }, observer, default);
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled) { Delta = new DeltaOptions { BatchSize = 100 } }, observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 100, Seed = 1 }, observer, default);
        var done = await engine.CutOverAsync(new CutoverOptions(verified), observer, default);
        cutOver.SetResult();
        while (batchesAfterCutover.Any(b => b < 5)) await Task.Delay(20);
        stop.Cancel();
        await Task.WhenAll(running);

        Assert.Equal(MigrationPhase.CutOver, done.Phase);
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        var lost = new List<string>();
        foreach (var index in new[] { alias + "-v1", done.Target })
        {
            await _fixture.Seed.SendAsync(HttpMethod.Post, $"/{index}/_refresh");
            foreach (var (id, title) in acknowledged)
            {
                var got = await _fixture.Seed.SendAsync(HttpMethod.Get, $"/{index}/_doc/{id}", allowError: true);
                var found = got?["found"]?.GetValue<bool>() == true;
                if (title == null ? found : !found || got!["_source"]!["title"]?.ToString() != title)
                    lost.Add($"{index}/{id}: {(title == null ? "deleted but found" : found ? "stale title " + got!["_source"]!["title"] : "missing")}");
            }
        }
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes not in place, e.g. {string.Join("; ", lost.Take(5))}");
        var differences = await IndexComparison.DifferencesAsync(_fixture.Seed, alias + "-v1", done.Target, Documents, null);
        Assert.True(differences.Count == 0, $"{differences.Count} differences between the old index and the new, e.g. {string.Join("; ", differences.Take(5))}");
    }
}
