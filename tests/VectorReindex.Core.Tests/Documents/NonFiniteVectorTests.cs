using Microsoft.Extensions.AI;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Documents;

/// <summary>NaN and infinity are stopped, with a stable id per document, wherever vectors enter: given vectors and embedders' output.</summary>
public sealed class NonFiniteVectorTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public NonFiniteVectorTests(EngineFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task DualWrite_OfGivenVectorsWithNaNOrInfinity_FailsThoseDocumentsVectorNotFinite_AndWritesTheRest()
    {
        var alias = await _fixture.LiveAliasAsync("nonfinite", 0, Dims);
        var writer = await _fixture.Engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, MigrationObserver.None, default);
        float[] Good() => Enumerable.Range(1, Dims).Select(i => (float)i).ToArray();
        var nan = Good(); nan[2] = float.NaN;
        var infinite = Good(); infinite[7] = float.PositiveInfinity;
        var summary = new DualWriteSummary();

        var failures = await writer.WriteAsync(new[]
        {
            new VectorDocument("good", null, Good(), null),
            new VectorDocument("nan", null, nan, null),
            new VectorDocument("inf", null, infinite, null),
        }, summary, default);

        Assert.Equal(new[] { "inf", "nan" }, failures.Select(f => f.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(failures, f => Assert.Equal(MigrationErrorCodes.VectorNotFinite, f.ErrorId));
        Assert.Contains(failures, f => f.Id == "nan" && f.Message.Contains("position 2"));
        Assert.Equal(1L, summary.Written);
        await _fixture.Seed.SendAsync(HttpMethod.Post, $"/{alias}/_refresh");
        Assert.Equal(1L, await _fixture.Seed.CountAsync(alias));
    }

    [Fact]
    public async Task Backfill_WhereTheEmbedderReturnsNaNOrInfinity_FailsThoseDocumentsEmbeddingNotFinite_AndCopiesTheRest()
    {
        const int documents = 20;
        var alias = await _fixture.LiveAliasAsync("nonfinite-embed", documents, Dims);
        var embedder = VectorEmbedder.FromGenerator(new PoisonedGenerator());
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, TextField = "title", Dimensions = 4, Embedder = embedder.Descriptor }, MigrationObserver.None, default);
        var created = await engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        var observer = new RecordingObserver();

        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Embedder = embedder, Backfill = new BackfillOptions { Slices = 1, BatchSize = 50 } }, observer, default);

        Assert.Equal(new[] { "doc-3", "doc-5" }, observer.Failures.Select(f => f.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(observer.Failures, f => Assert.Equal(MigrationErrorCodes.EmbeddingNotFinite, f.ErrorId));
        Assert.Equal(documents - 2L, backfilled.Backfill!.Copied);
    }

    /// <summary>Embeds every text as the same unit vector, except doc-3's (a NaN) and doc-5's (an infinity).</summary>
    private sealed class PoisonedGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(text => new Embedding<float>(
                text.Contains("number 3 ") ? new[] { 0.5f, float.NaN, 0.5f, 0.5f }
                : text.Contains("number 5 ") ? new[] { 0.5f, 0.5f, float.NegativeInfinity, 0.5f }
                : new[] { 0.5f, 0.5f, 0.5f, 0.5f }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
