using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Routing;

/// <summary>
/// _routing travels with every document: a 3-shard source of routed documents migrated to a
/// 2-shard target, where a routed document is found with its routing (and only there).
/// </summary>
public sealed class RoutedMigrationTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private const int Documents = 120;
    private readonly EngineFixture _fixture;

    public RoutedMigrationTests(EngineFixture fixture) => _fixture = fixture;

    private ClusterSeeder Seed => _fixture.Seed;

    private static string Routing(int n) => "tenant-" + (n % 7);

    /// <summary>Documents doc-0.. each routed by its tenant, on a 3-shard live index; a shadow index of 2 shards.</summary>
    private async Task<(string Alias, VectorMigration Migration)> ShadowAsync(string stem)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 0, Dims, shards: 3);
        var bulk = new StringBuilder();
        for (var n = 0; n < Documents; n++)
            bulk.Append($$$"""{"index":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n}}}","routing":"{{{Routing(n)}}}"}}""").Append('\n')
                .Append($$$"""{"title":"routed {{{n}}}","price":{{{n}}},"embedding":{{{ClusterSeeder.Json(ClusterSeeder.Vector(n, Dims))}}}}""").Append('\n');
        await Seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 2 }, MigrationObserver.None, default);
        return (alias, await engine.CreateShadowAsync(plan, MigrationObserver.None, default));
    }

    private Task<VectorMigration> BackfillAsync(VectorMigration migration) =>
        _fixture.Engine.BackfillAsync(new BackfillStageOptions(migration) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 25 } }, new RecordingObserver(), default);

    private async Task<JsonNode?> GetRoutedAsync(string index, int n) =>
        await Seed.SendAsync(HttpMethod.Get, $"/{index}/_doc/doc-{n}?routing={Routing(n)}", allowError: true);

    private async Task AssertEachFoundWithItsRoutingAsync(string index)
    {
        Assert.Equal((long)Documents, await Seed.CountAsync(index));
        for (var n = 0; n < Documents; n++)
        {
            var doc = await GetRoutedAsync(index, n);
            Assert.True(doc?["found"]?.GetValue<bool>() == true, $"doc-{n} is not found with its routing {Routing(n)}");
            Assert.Equal(Routing(n), doc!["_routing"]!.ToString());
        }
    }

    [Fact]
    public async Task Backfill_WritesEachRoutedDocumentWithItsRouting_SoItIsFoundWithItOnTheTarget()
    {
        var (alias, created) = await ShadowAsync("routed-copy");

        var backfilled = await BackfillAsync(created);

        Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
        await AssertEachFoundWithItsRoutingAsync(alias + "-v2");
    }

    [Fact]
    public async Task ServerSideBackfill_KeepsEachDocumentsRouting_SoItIsFoundWithItOnTheTarget()
    {
        var (alias, created) = await ShadowAsync("routed-server-side");

        var backfilled = await _fixture.Engine.BackfillAsync(new BackfillStageOptions(created) { ServerSide = true }, new RecordingObserver(), default);

        Assert.Equal(MigrationPhase.Backfilled, backfilled.Phase);
        await AssertEachFoundWithItsRoutingAsync(alias + "-v2");
    }

    [Fact]
    public async Task SyncDelta_CopiesAndDeletesRoutedDocumentsWithTheirRouting_AndParityPassesByRoutingAndId()
    {
        var (alias, created) = await ShadowAsync("routed-delta");
        var backfilled = await BackfillAsync(created);
        // Writes the dual-writers never made, each with its routing.
        var bulk = new StringBuilder();
        for (var n = 0; n < 30; n += 3)
            bulk.Append($$$"""{"update":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n}}}","routing":"{{{Routing(n)}}}"}}""").Append('\n').Append("""{"doc":{"price":999}}""").Append('\n');
        for (var n = 1; n < 30; n += 3)
            bulk.Append($$$"""{"delete":{"_index":"{{{alias}}}-v1","_id":"doc-{{{n}}}","routing":"{{{Routing(n)}}}"}}""").Append('\n');
        await Seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");

        var synced = await _fixture.Engine.SyncDeltaAsync(new DeltaStageOptions(backfilled), new RecordingObserver(), default);

        Assert.Equal(0L, synced.Delta!.Failed);
        Assert.Equal(10L, synced.Delta.Deleted);
        for (var n = 0; n < 30; n++)
        {
            var source = await GetRoutedAsync(alias + "-v1", n);
            var target = await GetRoutedAsync(alias + "-v2", n);
            Assert.Equal(source?["found"]?.GetValue<bool>() == true, target?["found"]?.GetValue<bool>() == true);
            if (source?["found"]?.GetValue<bool>() == true)
            {
                Assert.Equal(source["_version"]!.GetValue<long>(), target!["_version"]!.GetValue<long>());
                Assert.Equal(source["_source"]!["price"]!.ToJsonString(), target["_source"]!["price"]!.ToJsonString());
            }
        }
        Assert.Equal(Documents - 10L, await Seed.CountAsync(alias + "-v2"));

        var checkedParity = await _fixture.Engine.CheckParityAsync(new ParityStageOptions(synced), MigrationObserver.None, default);
        Assert.True(checkedParity.Parity!.Passed, string.Join("; ", checkedParity.Parity.Problems));

        // A routed document lost from the target is seen as missing, by its routing and id.
        await Seed.SendAsync(HttpMethod.Delete, $"/{alias}-v2/_doc/doc-2?routing={Routing(2)}&refresh=true");
        var failedParity = await _fixture.Engine.CheckParityAsync(new ParityStageOptions(synced), MigrationObserver.None, default);
        Assert.False(failedParity.Parity!.Passed);
        Assert.Equal(1L, failedParity.Parity.MissingInTarget);
    }

    [Fact]
    public async Task DualWriteMetadataAndDelete_DuringAMigration_ReachTheRoutedDocumentInBothIndexes_WithoutDuplicates()
    {
        var (alias, created) = await ShadowAsync("routed-dual");
        await BackfillAsync(created);
        var engine = _fixture.Engine;
        var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, MigrationObserver.None, default);
        int[] written = { 5, 12, 19, 26, 33, 40 }, updated = { 6, 13, 20, 27, 34, 41 }, deleted = { 7, 14, 21, 28, 35, 42 };

        var writeFailures = await writer.WriteAsync(written.Select(n => new VectorDocument("doc-" + n, null, ClusterSeeder.Vector(n + 1000, Dims),
            new JsonObject { ["price"] = 5555 }, Routing(n))).ToList(), new DualWriteSummary(), default);
        var updater = await engine.OpenMetadataUpdateAsync(new MetadataUpdateOptions { Index = alias, Set = new JsonObject { ["tags"] = new JsonArray("routed") } }, MigrationObserver.None, default);
        var ids = new JsonArray(updated.Select(n => (JsonNode?)JsonValue.Create("doc-" + n)).ToArray());
        await engine.UpdateMatchingAsync(updater, new JsonObject { ["ids"] = new JsonObject { ["values"] = ids } }, 100, MigrationObserver.None, default);
        var deleteFailures = await writer.DeleteAsync(deleted.Select(n => new DocumentKey("doc-" + n, Routing(n))).ToList(), new DualWriteSummary(), default);

        Assert.Empty(writeFailures);
        Assert.Empty(deleteFailures);
        Assert.Equal((long)updated.Length, updater.Summary.Updated);
        Assert.Equal((long)updated.Length, updater.Summary.TargetUpdated);
        foreach (var index in new[] { alias + "-v1", alias + "-v2" })
        {
            foreach (var n in written)
                Assert.Equal("5555", (await GetRoutedAsync(index, n))!["_source"]!["price"]!.ToJsonString());
            foreach (var n in updated)
                Assert.Equal("[\"routed\"]", (await GetRoutedAsync(index, n))!["_source"]!["tags"]!.ToJsonString());
            foreach (var n in deleted)
                Assert.False((await GetRoutedAsync(index, n))?["found"]?.GetValue<bool>() == true, $"doc-{n} is still in {index}");
            await Seed.SendAsync(HttpMethod.Post, $"/{index}/_refresh");
            Assert.Equal(Documents - (long)deleted.Length, await Seed.CountAsync(index));
        }
        foreach (var n in written.Concat(updated))
            Assert.Equal((await GetRoutedAsync(alias + "-v1", n))!["_version"]!.GetValue<long>(), (await GetRoutedAsync(alias + "-v2", n))!["_version"]!.GetValue<long>());
    }
}
