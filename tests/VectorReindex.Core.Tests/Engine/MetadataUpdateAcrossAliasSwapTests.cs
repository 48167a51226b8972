using System.Net.Http;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Metadata;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// Set-IndexMetadata resolves the alias once, then updates batch by batch; another process may swap
/// the alias in between (a cutover, a rollback). Through the alias, the first update would land in
/// the other index and the follow-on would find that index a version ahead and leave it, so the old
/// index, which a rollback serves again, would never get the change. Updates go to the concrete
/// index that was resolved, with the alias's index_routing.
/// </summary>
public sealed class MetadataUpdateAcrossAliasSwapTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public MetadataUpdateAcrossAliasSwapTests(EngineFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task PartialUpdate_AfterTheAliasSwappedSinceResolving_ChangesBothIndexesInStep()
    {
        var (alias, target) = await MigrateAsync("metaswap", shards: 1);
        var updater = await OpenAsync(alias, new MetadataUpdateOptions { Index = alias, Set = new JsonObject { ["price"] = 4242 } });
        await SwapAsync(alias, target);

        var failures = await updater.ApplyAsync(new[] { "doc-1" }, default);

        Assert.Empty(failures);
        var old = await _fixture.Seed.GetAsync(alias + "-v1", "doc-1");
        var copy = await _fixture.Seed.GetAsync(target, "doc-1");
        Assert.Equal(4242, old["_source"]!["price"]!.GetValue<int>());
        Assert.Equal(4242, copy["_source"]!["price"]!.GetValue<int>());
        Assert.Equal(old["_version"]!.GetValue<long>(), copy["_version"]!.GetValue<long>());
        Assert.Equal((1L, 1L, 0L), (updater.Summary.Updated, updater.Summary.TargetUpdated, updater.Summary.TargetDeferred));
    }

    [Fact]
    public async Task FieldRemoval_AfterTheAliasSwappedSinceResolving_RemovesTheFieldFromBothIndexes()
    {
        var (alias, target) = await MigrateAsync("metarm", shards: 1);
        var updater = await OpenAsync(alias, new MetadataUpdateOptions { Index = alias, Remove = new[] { "tags" } });
        await SwapAsync(alias, target);

        var failures = await updater.ApplyAsync(new[] { "doc-2" }, default);

        Assert.Empty(failures);
        Assert.Null((await _fixture.Seed.GetAsync(alias + "-v1", "doc-2"))["_source"]!["tags"]);
        Assert.Null((await _fixture.Seed.GetAsync(target, "doc-2"))["_source"]!["tags"]);
    }

    [Fact]
    public async Task Update_ThroughAnAliasWithIndexRouting_CarriesTheAliasRoutingToBothIndexes()
    {
        var alias = await _fixture.LiveAliasAsync("metart", 0, Dims, shards: 3);
        await _fixture.Seed.SendAsync(HttpMethod.Post, "/_aliases",
            $$$"""{"actions":[{"add":{"index":"{{{alias}}}-v1","alias":"{{{alias}}}","index_routing":"tenant-7"}}]}""");
        await _fixture.Seed.IndexDocumentsAsync(alias + "-v1", 0, 12, Dims, routing: _ => "tenant-7");
        var target = await ShadowAndBackfillAsync(alias);
        var updater = await OpenAsync(alias, new MetadataUpdateOptions { Index = alias, Set = new JsonObject { ["price"] = 77 } });

        var failures = await updater.ApplyAsync(Enumerable.Range(0, 12).Select(n => new DocumentKey("doc-" + n)).ToList(), default);
        var refused = await updater.ApplyAsync(new[] { new DocumentKey("doc-0", "tenant-8") }, default);

        Assert.Empty(failures);
        Assert.Equal((12L, 12L), (updater.Summary.Updated, updater.Summary.TargetUpdated));
        foreach (var index in new[] { alias + "-v1", target })
        {
            var doc = await _fixture.Seed.SendAsync(HttpMethod.Get, $"/{index}/_doc/doc-5?routing=tenant-7");
            Assert.Equal(77, doc!["_source"]!["price"]!.GetValue<int>());
            Assert.Equal("tenant-7", doc["_routing"]?.ToString());
        }
        Assert.Equal(MigrationErrorCodes.DocumentUpdateFailed, Assert.Single(refused).ErrorId);
        Assert.Contains("index routing 'tenant-7'", refused[0].Message);
    }

    private async Task<(string Alias, string Target)> MigrateAsync(string stem, int shards)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 4, Dims, shards);
        return (alias, await ShadowAndBackfillAsync(alias));
    }

    /// <summary>A shadow index of the same model, backfilled, so the target holds every document at the source's version.</summary>
    private async Task<string> ShadowAndBackfillAsync(string alias)
    {
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default);
        var created = await engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        var observer = new RecordingObserver();
        await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 1, BatchSize = 50 } }, observer, default);
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        return created.Target;
    }

    private async Task<MetadataUpdater> OpenAsync(string alias, MetadataUpdateOptions options)
    {
        var updater = await _fixture.Engine.OpenMetadataUpdateAsync(options, MigrationObserver.None, default);
        Assert.Equal(alias + "-v1", updater.Summary.Index);
        return updater;
    }

    /// <summary>Another process's cutover, after the updater resolved the alias to the old index.</summary>
    private Task SwapAsync(string alias, string target) =>
        _fixture.Seed.SendAsync(HttpMethod.Post, "/_aliases",
            $$$"""{"actions":[{"remove":{"index":"{{{alias}}}-v1","alias":"{{{alias}}}"}},{"add":{"index":"{{{target}}}","alias":"{{{alias}}}","is_write_index":true}}]}""");
}
