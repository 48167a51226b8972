using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Tests.Embedding;

/// <summary>Issue 6 acceptance 4, embedder part: every bad item is a failure naming its id, the rest are embedded.</summary>
public sealed class EmbeddingBatcherTests
{
    private static readonly (string Id, string Text)[] Items = { ("doc-1", "red shoes"), ("doc-2", "blue hat"), ("doc-3", "green scarf") };

    [Fact]
    public async Task Embed_GoodGenerator_EveryItemEmbeddedInOrder()
    {
        var result = await EmbeddingBatcher.EmbedAsync(new HashingEmbeddingGenerator(8), Items, 8, CancellationToken.None);

        Assert.Empty(result.Failures);
        Assert.Equal(new[] { "doc-1", "doc-2", "doc-3" }, result.Embedded.Select(e => e.Id));
        Assert.Equal(new[] { 0, 1, 2 }, result.Embedded.Select(e => e.Index));
        Assert.Equal(new HashingEmbeddingGenerator(8).Embed("blue hat"), result.Embedded[1].Vector.ToArray());
    }

    [Fact]
    public async Task Embed_GeneratorThrows_EveryItemOfTheBatchFailsNamingItsId()
    {
        var generator = new FakeGenerator(_ => throw new InvalidOperationException("model server exploded"));

        var result = await EmbeddingBatcher.EmbedAsync(generator, Items, 8, CancellationToken.None);

        Assert.Empty(result.Embedded);
        Assert.Equal(3, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.Equal(EmbeddingFailureKind.EmbedderFailed, f.Kind));
        Assert.All(result.Failures, f => Assert.Contains("model server exploded", f.Message));
        Assert.Equal(new[] { "Could not embed 'doc-1'", "Could not embed 'doc-2'", "Could not embed 'doc-3'" },
            result.Failures.Select(f => f.Message.Substring(0, f.Message.IndexOf(':'))));
        Assert.IsType<InvalidOperationException>(result.Failures[0].Exception);
    }

    [Fact]
    public async Task Embed_OneVectorOfWrongDimensions_OnlyThatItemFails()
    {
        var generator = new FakeGenerator(texts => texts.Select(t => t == "blue hat" ? new float[5] : Unit(8)).ToList());

        var result = await EmbeddingBatcher.EmbedAsync(generator, Items, 8, CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("doc-2", failure.Id);
        Assert.Equal(EmbeddingFailureKind.WrongDimensions, failure.Kind);
        Assert.Contains("'doc-2'", failure.Message);
        Assert.Contains("5 dimensions; 8 are expected", failure.Message);
        Assert.Equal(new[] { "doc-1", "doc-3" }, result.Embedded.Select(e => e.Id));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task Embed_NonFiniteValue_OnlyThatItemFails(float bad)
    {
        var generator = new FakeGenerator(texts => texts.Select(t =>
        {
            var v = Unit(8);
            if (t == "green scarf") v[3] = bad;
            return v;
        }).ToList());

        var result = await EmbeddingBatcher.EmbedAsync(generator, Items, 8, CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(EmbeddingFailureKind.NonFiniteValue, failure.Kind);
        Assert.Contains("'doc-3'", failure.Message);
        Assert.Equal(2, result.Embedded.Count);
    }

    [Fact]
    public async Task Embed_WrongVectorCount_EveryItemFailsSayingBothCounts()
    {
        var generator = new FakeGenerator(texts => texts.Skip(1).Select(_ => Unit(8)).ToList());

        var result = await EmbeddingBatcher.EmbedAsync(generator, Items, 8, CancellationToken.None);

        Assert.Equal(3, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.Contains("returned 2 vectors for the batch of 3 texts", f.Message));
    }

    [Fact]
    public async Task Embed_EmptyText_FailsAloneAndIsNotSentToTheGenerator()
    {
        var sent = new List<string>();
        var generator = new FakeGenerator(texts => { sent.AddRange(texts); return texts.Select(_ => Unit(8)).ToList(); });
        (string, string)[] items = { ("a", "text"), ("b", "  "), ("c", "more text") };

        var result = await EmbeddingBatcher.EmbedAsync(generator, items, 8, CancellationToken.None);

        Assert.Equal(new[] { "text", "more text" }, sent);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("b", 1, EmbeddingFailureKind.EmptyText), (failure.Id, failure.Index, failure.Kind));
        Assert.Equal(new[] { 0, 2 }, result.Embedded.Select(e => e.Index));
    }

    [Fact]
    public async Task Embed_NoExpectedDimensions_TakesTheFirstVectorsLength()
    {
        var generator = new FakeGenerator(texts => texts.Select((_, i) => i == 2 ? new float[3] : Unit(4)).ToList());

        var result = await EmbeddingBatcher.EmbedAsync(generator, Items, null, CancellationToken.None);

        Assert.Equal("doc-3", Assert.Single(result.Failures).Id);
    }

    [Fact]
    public async Task Embed_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var generator = new FakeGenerator(_ => throw new OperationCanceledException(cts.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EmbeddingBatcher.EmbedAsync(generator, Items, 8, cts.Token));
    }

    private static float[] Unit(int dimensions)
    {
        var v = new float[dimensions];
        v[0] = 1;
        return v;
    }

    private sealed class FakeGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Func<IReadOnlyList<string>, List<float[]>> _embed;

        public FakeGenerator(Func<IReadOnlyList<string>, List<float[]>> embed) => _embed = embed;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(_embed(values.ToList()).Select(v => new Embedding<float>(v))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
