using System.Net.Http;
using System.Text.Json.Nodes;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// A writer resolves the alias once, then writes; another process may swap the alias in between
/// (a cutover, a rollback). Each index must still get its own model's vector, and neither may
/// miss the write or the delete: through the alias, the live write would land in the other index
/// with the live model's vector (a 400 when the dimensions differ; with equal dimensions, the old
/// index never gets it, so a rollback loses it).
/// </summary>
public sealed class DualWriteAcrossAliasSwapTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public DualWriteAcrossAliasSwapTests(EngineFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("swapeq", Dims)]
    [InlineData("swapne", 16)]
    public async Task Write_AfterTheAliasSwappedSinceResolving_GoesToBothIndexesEachWithItsOwnModelsVector(string stem, int targetDims)
    {
        var (alias, target, writer, generator) = await OpenThenSwapAsync(stem, targetDims);
        var vector = ClusterSeeder.Vector(7, Dims);

        var summary = new DualWriteSummary();
        var failures = await writer.WriteAsync(new[] { new VectorDocument("doc-new", "a red rain jacket", vector, new JsonObject { ["price"] = 3 }) }, summary, default);

        Assert.Empty(failures);
        var old = await _fixture.Seed.GetAsync(alias + "-v1", "doc-new");
        var copy = await _fixture.Seed.GetAsync(target, "doc-new");
        Assert.True(old["found"]!.GetValue<bool>(), "the old index, which a rollback serves again, missed the write");
        Assert.Equal(vector, Floats(old));
        var expected = (await generator.GenerateAsync(new[] { "a red rain jacket" }))[0].Vector.ToArray();
        Assert.Equal(expected, Floats(copy));
        Assert.Equal(old["_version"]!.GetValue<long>(), copy["_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Delete_AfterTheAliasSwappedSinceResolving_RemovesTheDocumentFromBothIndexes()
    {
        var (alias, target, writer, _) = await OpenThenSwapAsync("swapdel", 16, beforeSwap: async w =>
            Assert.Empty(await w.WriteAsync(new[] { new VectorDocument("doc-gone", "a blue tent", ClusterSeeder.Vector(3, Dims), new JsonObject()) }, new DualWriteSummary(), default)));

        var failures = await writer.DeleteAsync(new[] { "doc-gone" }, new DualWriteSummary(), default);

        Assert.Empty(failures);
        Assert.False(await FoundAsync(alias + "-v1", "doc-gone"), "a rollback would resurrect the document");
        Assert.False(await FoundAsync(target, "doc-gone"));
    }

    [Fact]
    public async Task Write_ThroughAnAliasWithIndexRouting_CarriesTheAliasRoutingToBothIndexes()
    {
        var alias = await _fixture.LiveAliasAsync("swaprt", 2, Dims);
        await _fixture.Seed.SendAsync(HttpMethod.Post, "/_aliases",
            $$$"""{"actions":[{"add":{"index":"{{{alias}}}-v1","alias":"{{{alias}}}","index_routing":"tenant-7"}}]}""");
        var (_, target, writer, _) = await OpenAsync(alias, 16);

        Assert.Empty(await writer.WriteAsync(new[] { new VectorDocument("doc-r", "a green kettle", ClusterSeeder.Vector(5, Dims), new JsonObject()) }, new DualWriteSummary(), default));
        var refused = await writer.WriteAsync(new[] { new VectorDocument("doc-x", "a grey kettle", ClusterSeeder.Vector(6, Dims), new JsonObject(), "tenant-8") }, new DualWriteSummary(), default);

        Assert.Equal("tenant-7", (await _fixture.Seed.GetAsync(alias + "-v1", "doc-r"))["_routing"]?.ToString());
        Assert.Equal("tenant-7", (await _fixture.Seed.GetAsync(target, "doc-r"))["_routing"]?.ToString());
        Assert.Equal(MigrationErrorCodes.WriteFailed, Assert.Single(refused).ErrorId);
        Assert.Contains("index routing 'tenant-7'", refused[0].Message);
    }

    private async Task<(string Alias, string Target, DualWriter Writer, HashingEmbeddingGenerator Generator)> OpenThenSwapAsync(string stem, int targetDims, Func<DualWriter, Task>? beforeSwap = null)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 3, Dims);
        var (_, target, writer, generator) = await OpenAsync(alias, targetDims);
        if (beforeSwap != null) await beforeSwap(writer);
        // Another process's cutover, after this writer resolved the alias to the old index.
        await _fixture.Seed.SendAsync(HttpMethod.Post, "/_aliases",
            $$$"""{"actions":[{"remove":{"index":"{{{alias}}}-v1","alias":"{{{alias}}}"}},{"add":{"index":"{{{target}}}","alias":"{{{alias}}}","is_write_index":true}}]}""");
        Assert.Equal(alias + "-v1", writer.Live);
        return (alias, target, writer, generator);
    }

    private async Task<(string Alias, string Target, DualWriter Writer, HashingEmbeddingGenerator Generator)> OpenAsync(string alias, int targetDims)
    {
        var generator = new HashingEmbeddingGenerator(targetDims, 5);
        var model = VectorEmbedder.FromGenerator(generator);
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Dimensions = targetDims, TextField = "title", Embedder = model.Descriptor }, MigrationObserver.None, default);
        var migration = await engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias, TargetEmbedder = model }, MigrationObserver.None, default);
        Assert.Equal(migration.Target, writer.Second);
        return (alias, migration.Target, writer, generator);
    }

    private async Task<bool> FoundAsync(string index, string id) =>
        (await _fixture.Seed.SendAsync(HttpMethod.Get, $"/{index}/_doc/{id}", allowError: true))?["found"]?.GetValue<bool>() == true;

    private static float[] Floats(JsonObject doc) =>
        doc["_source"]!["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
}
