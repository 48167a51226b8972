using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.Tests.Shared;
using Xunit.Abstractions;

namespace VectorReindex.Core.Tests.CrossCluster;

/// <summary>
/// Issue 15: a migration from an 8.19 cluster to a 9.x one (2 shards to 3, routed documents) while
/// four writers that know only the old cluster upsert, update metadata and delete through the
/// module's Core; then cutover, reverse dual-write, rollback, and Complete-VectorMigration's Core.
/// </summary>
public sealed class CrossClusterDualWriteTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;

    public CrossClusterDualWriteTests(ITestOutputHelper output) => _output = output;

    private const int Dims = 8;
    private const int NewDims = 16;
    private const int Documents = 2000;
    private const int Writers = 4;

    private OldAndNewClusters _clusters = null!;

    private static string? Routing(int n) => "tenant-" + (n % 5);

    public async Task InitializeAsync() => _clusters = await OldAndNewClusters.StartAsync();

    private ClusterConnection Old => _clusters.Old.Connection;

    private ClusterConnection New => _clusters.New.Connection;

    private ClusterSeeder OldSeed => _clusters.Old.Seed;

    private ClusterSeeder NewSeed => _clusters.New.Seed;

    private IClusterResolver Clusters => _clusters.Clusters;

    private MigrationEngine Engine => _clusters.Engine;

    private Task<string> SeedAsync(string stem, int documents) => _clusters.SeedAsync(stem, documents, Dims, Routing);

    private List<CoreWriter> StartWriters(string alias, int documents, int seed) =>
        Enumerable.Range(0, Writers).Select(slot => new CoreWriter(Old, Clusters, alias, slot, Writers, documents, Dims, Routing, seed)).ToList();

    private static string Failures(IEnumerable<CoreWriter> writers) =>
        string.Join("; ", writers.SelectMany(w => w.Failures).Take(5).Select(f => f.ErrorId + " " + f));

    /// <summary>Every document a writer touched is as its last acknowledged write left it, in <paramref name="index"/>.</summary>
    private static async Task<List<string>> LostAsync(ClusterSeeder http, string index, IEnumerable<CoreWriter> writers)
    {
        await http.SendAsync(HttpMethod.Post, $"/{index}/_refresh");
        var lost = new List<string>();
        foreach (var (n, expected) in writers.SelectMany(w => w.ExpectedState))
        {
            var doc = await http.SendAsync(HttpMethod.Get, $"/{index}/_doc/doc-{n}?routing={Routing(n)}", allowError: true);
            var found = doc?["found"]?.GetValue<bool>() == true;
            if (expected.Deleted) { if (found) lost.Add($"doc-{n}: deleted but present"); continue; }
            if (!found) { lost.Add($"doc-{n}: absent"); continue; }
            if (expected.Title != null && doc!["_source"]!["title"]!.ToString() != expected.Title) lost.Add($"doc-{n}: title {doc["_source"]!["title"]} instead of {expected.Title}");
            if (doc!["_source"]!["price"]!.GetValue<double>() != expected.Price) lost.Add($"doc-{n}: price {doc["_source"]!["price"]} instead of {expected.Price}");
        }
        return lost;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task Migration_UnderFourCoreDualWriters_EndsWithTargetEqualToSource(int seed, bool reembed)
    {
        var alias = await SeedAsync("xc" + seed, Documents);
        var hashing = new HashingEmbeddingGenerator(NewDims, 0);
        var writers = StartWriters(alias, Documents, seed);
        using var stop = new CancellationTokenSource();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToList();
        await Task.Delay(200);

        var engine = Engine;
        var observer = new RecordingObserver();
        var shadow = reembed
            ? new ShadowIndexOptions { Alias = alias, Shards = 3, Embedder = VectorEmbedder.Hashing(NewDims).Descriptor, TextField = "title" }
            : new ShadowIndexOptions { Alias = alias, Shards = 3 };
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(shadow, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 200 } }, observer, default);
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled) { Delta = new DeltaOptions { BatchSize = 200 } }, observer, default);
        stop.Cancel();
        await Task.WhenAll(running);
        // Metadata updates the target was not in step for (a copy still in flight) are the delta's by design: the last pass before the cutover.
        var final = await engine.SyncDeltaAsync(new DeltaStageOptions(synced) { Delta = new DeltaOptions { BatchSize = 200 } }, observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(final) { SampleSize = 200, Seed = seed }, observer, default);

        var differences = await IndexComparison.DifferencesAsync(OldSeed, alias + "-v1", NewSeed, alias + "-v2", Documents, reembed ? hashing.Embed : null, Routing);
        _output.WriteLine($"{writers.Sum(w => w.Batches)} writer batches: {writers.Sum(w => w.Summary.Written)} upserts, {writers.Sum(w => w.Summary.Deleted)} deletes, " +
                          $"{writers.Sum(w => w.Summary.SecondWritten)} second writes, {writers.Sum(w => w.Summary.SecondSkippedNewer)} skipped newer, {writers.Sum(w => w.MetadataSecondUpdated)} metadata updates in step; " +
                          $"delta copied {synced.Delta!.Copied} then {final.Delta!.Copied - synced.Delta.Copied}; {differences.Count} differences");
        Assert.True(differences.Count == 0, $"{differences.Count} differences after {writers.Sum(w => w.Batches)} writer batches, e.g. {string.Join("; ", differences.Take(5))}");
        Assert.True(writers.All(w => w.Failures.IsEmpty), Failures(writers));
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.True(writers.Sum(w => w.Summary.SecondWritten) > 0, "no write reached the new cluster: the test proved nothing about dual-write");
        Assert.Equal(0L, writers.Sum(w => w.Summary.SecondMissed));
        Assert.Equal(new[] { OldAndNewClusters.OldName }, writers.SelectMany(w => w.FirstClusters.Keys).Distinct().ToArray());
        Assert.Empty(await LostAsync(OldSeed, alias + "-v1", writers));
        Assert.Equal(3, (await NewSeed.SendAsync(HttpMethod.Get, $"/{alias}-v2/_settings"))![alias + "-v2"]!["settings"]!["index"]!["number_of_shards"]!.GetValue<string>() is var s ? int.Parse(s) : 0);
    }

    [Fact]
    public async Task Cutover_ThenReverseDualWrite_ThenRollback_LosesNothing()
    {
        const int documents = 600;
        var alias = await SeedAsync("xcback", documents);
        var engine = Engine;
        var observer = new RecordingObserver();
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 3 }, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created), observer, default);
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);

        var cutOver = await engine.CutOverAsync(new CutoverOptions(synced), observer, default);

        Assert.Equal(MigrationPhase.CutOver, cutOver.Phase);
        Assert.True(cutOver.Parity!.Passed); // the cutover ran its own parity check: none was newer than the delta
        Assert.True(New.Identity.IsSameCluster(cutOver.ServingCluster));
        Assert.Equal(New.Identity.Uris, cutOver.ServingCluster!.Uris);
        Assert.Equal(new Dictionary<string, bool?> { [alias + "-v2"] = true }, await NewSeed.AliasAsync(alias));
        Assert.Equal(new[] { alias + "-v1" }, (await OldSeed.AliasAsync(alias)).Keys.ToArray()); // readers still on the old cluster keep working
        var marker = SourceMarker.FromMappings((await OldSeed.SendAsync(HttpMethod.Get, $"/{alias}-v1/_mapping"))![alias + "-v1"]!["mappings"]!.AsObject());
        Assert.Equal(MigrationPhase.CutOver, marker!.Phase);
        Assert.True(New.Identity.IsSameCluster(marker.ServingCluster));

        // Writers that know only the old cluster now write the new one first and keep the old one current.
        var after = StartWriters(alias, documents, 7);
        await Task.WhenAll(after.Select(w => w.RunBatchesAsync(15)));
        Assert.True(after.All(w => w.Failures.IsEmpty), Failures(after));
        Assert.Equal(new[] { OldAndNewClusters.NewName }, after.SelectMany(w => w.FirstClusters.Keys).Distinct().ToArray());
        Assert.True(after.Sum(w => w.Summary.SecondWritten) > 0);
        Assert.Empty(await LostAsync(NewSeed, alias + "-v2", after));
        Assert.Empty(await IndexComparison.DifferencesAsync(NewSeed, alias + "-v2", OldSeed, alias + "-v1", documents, null, Routing));

        var rolledBack = await engine.RollBackAsync(new CutoverOptions(cutOver), observer, default);

        Assert.Equal(MigrationPhase.RolledBack, rolledBack.Phase);
        Assert.True(Old.Identity.IsSameCluster(rolledBack.ServingCluster));
        Assert.Equal(new Dictionary<string, bool?> { [alias + "-v2"] = false }, await NewSeed.AliasAsync(alias)); // reads yes, writes no
        Assert.Empty(await LostAsync(OldSeed, alias + "-v1", after)); // nothing written after the cutover was lost by the rollback

        // The same writers (they know which of their documents exist) go old-first again.
        var again = after;
        foreach (var w in again) w.FirstClusters.Clear();
        await Task.WhenAll(again.Select(w => w.RunBatchesAsync(15)));
        Assert.True(again.All(w => w.Failures.IsEmpty), Failures(again));
        Assert.Equal(new[] { OldAndNewClusters.OldName }, again.SelectMany(w => w.FirstClusters.Keys).Distinct().ToArray());
        Assert.Empty(await LostAsync(OldSeed, alias + "-v1", again));
        Assert.Empty(await IndexComparison.DifferencesAsync(OldSeed, alias + "-v1", NewSeed, alias + "-v2", documents, null, Routing));
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
    }

    [Fact]
    public async Task Complete_RemovesTheMarker_EndsReverseWrites_AndBlocksLaterWritesToTheOldIndex()
    {
        const int documents = 200;
        var alias = await SeedAsync("xcdone", documents);
        var engine = Engine;
        var observer = new RecordingObserver();
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, observer, default), observer, default);
        var error = await Assert.ThrowsAsync<VectorMigrationException>(() => engine.CompleteAsync(new CompletionOptions(created), observer, default));
        Assert.Equal(MigrationErrorCodes.MigrationNotCutOver, error.ErrorId);

        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(await engine.BackfillAsync(new BackfillStageOptions(created), observer, default)), observer, default);
        var cutOver = await engine.CutOverAsync(new CutoverOptions(synced), observer, default);
        var completed = await engine.CompleteAsync(new CompletionOptions(cutOver), observer, default);

        Assert.Equal(MigrationPhase.Completed, completed.Phase);
        Assert.NotNull(completed.CompletedAt);
        Assert.Equal(MigrationPhase.Completed, (await MigrationStore.ReadAsync(New.Cluster, alias + "-v2", default))!.Phase);
        var oldMappings = (await OldSeed.SendAsync(HttpMethod.Get, $"/{alias}-v1/_mapping"))![alias + "-v1"]!["mappings"]!.AsObject();
        Assert.Null(SourceMarker.FromMappings(oldMappings));
        Assert.Equal("tests", oldMappings["_meta"]!["owner"]!.ToString()); // the application's own _meta is kept

        // An application on the new cluster (its endpoint switched at cutover) writes there only: no reverse write.
        var writer = new CoreWriter(New, Clusters, alias, 0, Writers, documents, Dims, Routing, 3);
        await writer.RunBatchesAsync(5);
        Assert.True(writer.Failures.IsEmpty, Failures(new[] { writer }));
        Assert.Equal(0L, writer.Summary.SecondWritten);

        // A later write to the old index (a writer that knows only the old cluster finds no marker now) fails loudly.
        var stray = await OldSeed.SendAsync(HttpMethod.Put, $"/{alias}/_doc/doc-1?routing={Routing(1)}", """{"title":"stray"}""", allowError: true);
        Assert.Equal(403, stray!["status"]!.GetValue<int>());
        Assert.Equal("cluster_block_exception", stray["error"]!["type"]!.ToString());
        var strayWriter = await new MigrationEngine(Old).OpenDualWriteAsync(new DualWriteOptions { Index = alias, Clusters = new ClusterDirectory(Old) }, observer, default);
        var summary = new DualWrite.DualWriteSummary();
        var failures = await strayWriter.WriteAsync(new[] { new DualWrite.VectorDocument("doc-1", null, ClusterSeeder.Vector(1, Dims), null, Routing(1)) }, summary, default);
        Assert.Equal(MigrationErrorCodes.WriteFailed, Assert.Single(failures).ErrorId);
        Assert.Contains("cluster_block_exception", failures[0].Message);
        Assert.Equal(0L, summary.Written);

        var rollback = await Assert.ThrowsAsync<VectorMigrationException>(() => engine.RollBackAsync(new CutoverOptions(completed), observer, default));
        Assert.Equal(MigrationErrorCodes.MigrationCompleted, rollback.ErrorId);
    }

    [Fact]
    public async Task Writer_WhoseTargetClusterIsNotConnected_IsRefusedBeforeWritingAnything()
    {
        var alias = await SeedAsync("xcnoconn", 20);
        var engine = Engine;
        await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default), MigrationObserver.None, default);

        var error = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            new MigrationEngine(Old).OpenDualWriteAsync(new DualWriteOptions { Index = alias, Clusters = new ClusterDirectory(Old) }, MigrationObserver.None, default));

        Assert.Equal(MigrationErrorCodes.TargetClusterNotConnected, error.ErrorId);
        Assert.Equal(_clusters.New.Node.Uri.ToString(), error.Target);
        Assert.Contains(_clusters.New.Node.Uri.ToString(), error.Message);
    }

    public async Task DisposeAsync() => await _clusters.DisposeAsync();
}
