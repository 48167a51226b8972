using System.Diagnostics;
using System.Globalization;
using VectorReindex.Tests.Shared;
using Xunit.Abstractions;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// Issue 6, acceptance 1, and issue 14, acceptance 2: while four writers upsert, update metadata and
/// delete routed documents through the alias and dual-write to the target by the protocol,
/// New-ShadowIndex | Start-Backfill | Sync-Delta from a 3-shard source to a 2-shard target, with the
/// node restarted once in the middle of the backfill, leaves the target equal to the source and loses
/// no acknowledged write. Sizes are small here; scripts/stress.sh runs 50,000.
/// </summary>
public sealed class MigrationUnderLoadTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private const int NewDims = 16;
    private readonly ModuleFixture _fixture;
    private readonly ITestOutputHelper _output;

    public MigrationUnderLoadTests(ModuleFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private static int Documents => int.TryParse(Environment.GetEnvironmentVariable("VECTORREINDEX_STRESS_DOCS"), out var n) ? n : 1500;

    /// <summary>Two of every three documents routed by a tenant, the third by its id.</summary>
    private static string? Routing(int n) => n % 3 == 0 ? null : "tenant-" + (n % 11);

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public async Task Pipeline_WithFourConcurrentWritersAndANodeRestartMidBackfill_EndsWithTargetEqualToSource(int seed, bool reembed)
    {
        var clock = Stopwatch.StartNew();
        var documents = Documents;
        // A node of its own, on a data directory, so it can be restarted under the running pipeline.
        await using var node = await RestartableNode.StartAsync();
        using var http = new ClusterSeeder(node.Uri);
        var alias = $"load{seed}-" + Guid.NewGuid().ToString("N")[..6];
        var target = alias + "-v2";
        await http.CreateVectorIndexAsync(alias + "-v1", alias, Dims, shards: 3);
        await http.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims, routing: Routing);
        var embed = reembed ? PackagedCore.HashingEmbedder(NewDims) : null;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4)
            .Select(slot => new ProtocolWriter(http, alias, target, embed == null ? null : t => PackagedCore.ToJson(embed(t)), slot, 4, documents, seed, Routing))
            .ToList();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(Dims, stop.Token))).ToList();
        var restart = RestartMidBackfillAsync(node, http, target, documents, stop.Token);
        await Task.Delay(200);

        // The cap keeps the small CI size's backfill long enough (2 s) for the restart to land inside it,
        // and the batch size gives each slice at least ten pages: a slice reads one page ahead of its
        // writes, so with half the documents copied every slice still has pages to read through the
        // point in time the restart loses.
        var batch = Math.Clamp(documents / 30, 50, 200);
        var backfill = $"Start-Backfill -Slices 3 -BatchSize {batch} -MaxDocsPerSecond {documents / 2}";
        var script = reembed
            ? $"New-ShadowIndex -Alias $alias -Shards 2 -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField title | {backfill} | Sync-Delta"
            : $"New-ShadowIndex -Alias $alias -Shards 2 -IndexOptions @{{ type = 'int8_hnsw' }} | {backfill} | Sync-Delta";
        // 12 retries (backoff capped at 10 s, 60 s in all): a budget that rides out the restart, recovery included.
        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri | Out-Null\n" + script, new Dictionary<string, object?> { ["uri"] = node.Uri, ["alias"] = alias });
        stop.Cancel();
        await Task.WhenAll(running);
        var restartedAt = await restart;
        result.AssertNoErrors();

        // The writers stopped after the delta; their last writes were dual-written. Now the proof.
        var parity = _fixture.Host.Run("Connect-VectorCluster -Uri $uri | Out-Null\nGet-VectorMigration -Alias $alias | Test-IndexParity -SampleSize 200 -Seed $seed",
            new Dictionary<string, object?> { ["uri"] = node.Uri, ["alias"] = alias, ["seed"] = seed }).AssertNoErrors();
        var differences = await IndexComparison.DifferencesAsync(http, alias + "-v1", target, documents, embed, Routing);
        var lost = new List<string>();
        foreach (var w in writers) lost.AddRange(await w.LostAcknowledgedWritesAsync(alias + "-v1"));
        dynamic migration = Assert.Single(result.Output).Properties["Backfill"].Value;
        var report = string.Format(CultureInfo.InvariantCulture,
            "seed {0,2} {1,-8} {2} docs: {3} acknowledged writes ({4} dual-written, {5} resent while the node was down), node down {14:0.0} s at {6} of {2} copied, PIT reopened {7}; " +
            "{8} lost acknowledged, {9} missing, {10} stale, {11} resurrected, {12} other differences; {13:0.0} s",
            seed, reembed ? "re-embed" : "copy", documents, writers.Sum(w => w.Acknowledged), writers.Sum(w => w.DualWrites), writers.Sum(w => w.Resent),
            restartedAt, (int?)migration.PitReopened ?? 0, lost.Count,
            differences.Count(d => d.Contains("missing from", StringComparison.Ordinal)), differences.Count(d => d.Contains(": version", StringComparison.Ordinal)),
            differences.Count(d => d.Contains("resurrected", StringComparison.Ordinal)),
            differences.Count(d => !d.Contains("missing from", StringComparison.Ordinal) && !d.Contains(": version", StringComparison.Ordinal) && !d.Contains("resurrected", StringComparison.Ordinal)),
            clock.Elapsed.TotalSeconds, node.LastDowntime.TotalSeconds);
        _output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("VECTORREINDEX_STRESS_REPORT") is { Length: > 0 } reportFile)
            await File.AppendAllTextAsync(reportFile, report + Environment.NewLine);

        Assert.Equal(1, node.Restarts);
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes lost by the restart, e.g. {string.Join("; ", lost.Take(5))}");
        Assert.True(differences.Count == 0, $"{differences.Count} differences (writers made {writers.Sum(w => w.Operations)} operations), e.g. {string.Join("; ", differences.Take(5))}");
        Assert.True((bool)((dynamic)Assert.Single(parity.Output).Properties["Parity"].Value).Passed);
        Assert.True(writers.Sum(w => w.DualWrites) > 0, "the writers never saw the target: the test proved nothing about concurrency");
        Assert.True((int?)migration.PitReopened >= 1, "the backfill never saw its point in time lost: the restart did not land inside it");
    }

    /// <summary>
    /// Once the target holds half the documents, stops the node and starts it again on its data
    /// directory half a second later; returns how many documents the target held then.
    /// </summary>
    private static async Task<long> RestartMidBackfillAsync(RestartableNode node, ClusterSeeder http, string target, int documents, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
            if (await http.SendAsync(HttpMethod.Post, $"/{target}/_refresh", allowError: true) is not { } refreshed || refreshed["error"] != null) continue;
            var count = (await http.SendAsync(HttpMethod.Post, $"/{target}/_count"))!["count"]!.GetValue<long>();
            if (count < documents / 2) continue;
            await await node.StopThenStartAfterAsync(TimeSpan.FromMilliseconds(500));
            return count;
        }
        return -1;
    }
}
