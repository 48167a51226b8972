using VectorReindex.Core.Tests.CrossCluster;
using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// Copy and catch-up of a move to a new cluster: backfill, delta and parity read an 8.x cluster and
/// write a 9.x one, each side with its own credentials and its own version's capabilities.
/// </summary>
public sealed class CrossClusterCopyTests
{
    private const int Dims = 8;
    private const int Documents = 600;

    /// <summary>Two of every three documents routed by a tenant, the third by its id.</summary>
    private static string? Routing(int n) => n % 3 == 0 ? null : "tenant-" + (n % 5);

    private static async Task<string> LiveAliasAsync(OldAndNewClusters.Side old, int documents)
    {
        var alias = "moving-" + Guid.NewGuid().ToString("N")[..8];
        await old.Seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims, shards: 3);
        await old.Seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims, routing: Routing);
        return alias;
    }

    private static string Action(string alias, string verb, int n) => Routing(n) is string r
        ? $$$"""{"{{{verb}}}":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n}}}","routing":"{{{r}}}"}}"""
        : $$$"""{"{{{verb}}}":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n}}}"}}""";

    [Theory]
    [InlineData("8.19.0")]
    [InlineData("8.17.0")]
    public async Task CopyAndCatchUp_FromAn8xClusterToA9xOne_EachWithItsOwnCredentials_EndsWithTheTargetEqualToTheSource(string oldVersion)
    {
        await using var clusters = await OldAndNewClusters.StartAsync(oldVersion);
        var (old, @new) = (clusters.Old, clusters.New);
        // Each side's credentials are its own: neither opens the other.
        await Assert.ThrowsAsync<ElasticsearchException>(() => OldAndNewClusters.Side.ConnectAsync(@new.Node.Uri, old.Credentials));
        await Assert.ThrowsAsync<ElasticsearchException>(() => OldAndNewClusters.Side.ConnectAsync(old.Node.Uri, @new.Credentials));
        Assert.Equal(oldVersion != "8.17.0", old.Connection.MustAskForVectors); // 8.19 may leave vectors out when asked to; 8.17 knows no such option
        Assert.True(@new.Connection.MustAskForVectors);
        Assert.False(old.Connection.Cluster.SendsBase64Vectors);
        Assert.True(@new.Connection.Cluster.SendsBase64Vectors);

        var alias = await LiveAliasAsync(old, Documents);
        var engine = new MigrationEngine(old.Connection, @new.Connection);
        var observer = new RecordingObserver();
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 2 }, observer, default), observer, default);

        // Both sides keep their tombstones for the migration window, each on its own cluster.
        Assert.Equal("24h", await old.GcDeletesAsync(alias + "-v1"));
        Assert.Equal("24h", await @new.GcDeletesAsync(created.Target));
        Assert.NotNull((await old.Seed.SendAsync(HttpMethod.Get, "/" + created.Target, allowError: true))?["error"]);

        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 100 } }, observer, default);
        Assert.Equal(Documents, backfilled.Backfill!.Copied);

        // Behind the target's back: 30 updates, 20 deletes (each routed as its document is) and 40 new documents.
        var deleted = Enumerable.Range(0, 20).Select(i => 1 + i * 30).ToList(); // odd ids; the updates are even
        var deletedVersions = new Dictionary<int, long>();
        foreach (var n in deleted)
            deletedVersions[n] = (await old.Seed.SendAsync(HttpMethod.Get, $"/{alias}-v1/_doc/doc-{n}" + (Routing(n) is string r ? "?routing=" + r : "")))!["_version"]!.GetValue<long>();
        var bulk = new StringBuilder();
        for (var n = 0; n < 30; n++)
            bulk.Append(Action(alias, "update", n * 20)).Append('\n').Append("""{"doc":{"price":4242}}""").Append('\n');
        foreach (var n in deleted) bulk.Append(Action(alias, "delete", n)).Append('\n');
        var written = await old.Seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
        Assert.False(written!["errors"]!.GetValue<bool>(), written.ToJsonString());
        await old.Seed.IndexDocumentsAsync(alias + "-v1", Documents, 40, Dims, routing: Routing);

        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), observer, default);
        var verified = await engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 100 }, observer, default);

        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.Equal(70L, synced.Delta!.Copied);
        Assert.Equal(20L, synced.Delta.Deleted);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.Empty(await IndexComparison.DifferencesAsync(old.Seed, alias + "-v1", @new.Seed, created.Target, Documents + 40, null, Routing));
        // The deletes were versioned with the source's version: a late copy of the version before the delete cannot bring a document back.
        foreach (var n in deleted.Take(3))
        {
            var late = await @new.Seed.SendAsync(HttpMethod.Put,
                $"/{created.Target}/_doc/doc-{n}?version={deletedVersions[n]}&version_type=external_gte" + (Routing(n) is string r ? "&routing=" + r : ""),
                """{"title":"a late copy"}""", allowError: true);
            Assert.Equal("version_conflict_engine_exception", late!["error"]?["type"]?.ToString());
        }
        var stored = await engine.FindInFlightAsync(alias, MigrationObserver.None, default);
        Assert.Equal(OldAndNewClusters.OldName, stored!.SourceCluster!.Name);
        Assert.Equal(OldAndNewClusters.NewName, stored.TargetCluster!.Name);
        Assert.True(stored.Parity!.Passed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Backfill_WhenOneSidesCredentialsStopWorking_FailsNamingThatSidesCluster(bool targetSide)
    {
        await using var clusters = await OldAndNewClusters.StartAsync();
        var alias = await LiveAliasAsync(clusters.Old, 50);
        var engine = new MigrationEngine(clusters.Old.Connection, clusters.New.Connection);
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default), MigrationObserver.None, default);
        if (targetSide) await clusters.New.RestartRequiringAsync(o => o.ApiKey = "cm90YXRlZDprZXk=");
        else await clusters.Old.RestartRequiringAsync(o => (o.User, o.Password) = (OldAndNewClusters.OldUser, "rotated"));

        var failure = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 1, BatchSize = 25 } }, MigrationObserver.None, default));

        var (failed, other) = targetSide ? (OldAndNewClusters.NewName, OldAndNewClusters.OldName) : (OldAndNewClusters.OldName, OldAndNewClusters.NewName);
        Assert.Equal(401, failure.StatusCode);
        Assert.Equal(failed, failure.ClusterName);
        Assert.Contains("cluster " + failed + " at ", failure.Message);
        Assert.DoesNotContain(other, failure.Message);
    }
}
