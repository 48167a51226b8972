using System.Net.Http;
using System.Text.Json;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// A copy over a connection that gzips its requests (Connect-VectorCluster's default): bulk bodies
/// go out gzipped (by Core, at the fastest level) with chunked transfer encoding, and each _source lands
/// in the target byte for byte as the source sent it.
/// </summary>
public sealed class CompressedCopyTests
{
    [Fact]
    public async Task A_gzipped_chunked_copy_lands_every_source_unchanged()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var cluster = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }) { CompressRequests = true }, false, null, CancellationToken.None);
        using var seed = new ClusterSeeder(node.Uri);
        await seed.CreateVectorIndexAsync("gz-v1", "gz", 16);
        await seed.IndexDocumentsAsync("gz-v1", 0, 700, 16);
        var engine = new MigrationEngine(cluster);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = "gz" }, MigrationObserver.None, default);
        var created = await engine.CreateShadowAsync(plan, MigrationObserver.None, default);

        var observer = new RecordingObserver();
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 300 } },
            observer, default);

        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.Equal(700L, backfilled.Backfill!.Copied);
        Assert.Equal(0L, backfilled.Backfill.Failed);
        var indices = new IndicesApi(cluster.Cluster);
        await indices.RefreshAsync(created.Target, default);
        Assert.Equal(700L, await indices.CountAsync(created.Target, default));
        using var http = new HttpClient { BaseAddress = node.Uri };
        foreach (var id in new[] { "doc-0", "doc-399", "doc-699" })
            Assert.Equal(await RawSourceAsync(http, "gz-v1", id), await RawSourceAsync(http, created.Target, id));
    }

    private static async Task<string> RawSourceAsync(HttpClient http, string index, string id)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"/{index}/_doc/{id}?_source_exclude_vectors=false"));
        var source = doc.RootElement.GetProperty("_source").GetRawText();
        Assert.Contains("[", source); // the vector came back
        return source;
    }
}
