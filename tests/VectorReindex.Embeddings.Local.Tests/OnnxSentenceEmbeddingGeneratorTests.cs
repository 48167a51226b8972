using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Embeddings.Local.Tests;

/// <summary>The real all-MiniLM-L6-v2 model from its NuGet package, run on ONNX Runtime in process.</summary>
public sealed class OnnxSentenceEmbeddingGeneratorTests : IClassFixture<MiniLMFixture>
{
    private readonly OnnxSentenceEmbeddingGenerator _miniLm;

    public OnnxSentenceEmbeddingGeneratorTests(MiniLMFixture fixture) => _miniLm = fixture.Generator;

    private static double Dot(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a.Span[i] * b.Span[i];
        return sum;
    }

    [Fact]
    public async Task MiniLM_Sentences_UnitVectorsOf384DimensionsTaggedWithTheModelId()
    {
        var embeddings = await _miniLm.GenerateAsync(["red running shoes", "a quiet library in winter", "fresh basil pesto"]);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1.0, Math.Sqrt(Dot(e.Vector, e.Vector)), 4);
            Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", e.ModelId);
        });
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task MiniLM_Paraphrases_ScoreHigherThanUnrelatedSentences()
    {
        // No shared content words between the paraphrases: a lexical (hashing) model cannot pass this.
        var embeddings = await _miniLm.GenerateAsync([
            "The cat is sleeping on the sofa.",
            "A kitten naps on the couch.",
            "Quarterly revenue grew faster than analysts expected.",
            "How do I reset my router password?",
            "Steps to change the login credentials of a wifi modem",
        ]);
        var v = embeddings.Select(e => e.Vector).ToArray();

        var catParaphrase = Dot(v[0], v[1]);
        var routerParaphrase = Dot(v[3], v[4]);
        Assert.True(catParaphrase > Dot(v[0], v[2]) + 0.2, $"cat/kitten {catParaphrase:F3} vs cat/revenue {Dot(v[0], v[2]):F3}");
        Assert.True(catParaphrase > Dot(v[0], v[3]) + 0.2, $"cat/kitten {catParaphrase:F3} vs cat/router {Dot(v[0], v[3]):F3}");
        Assert.True(routerParaphrase > Dot(v[3], v[2]) + 0.2, $"router/modem {routerParaphrase:F3} vs router/revenue {Dot(v[3], v[2]):F3}");
        Assert.True(routerParaphrase > Dot(v[3], v[1]) + 0.2, $"router/modem {routerParaphrase:F3} vs router/kitten {Dot(v[3], v[1]):F3}");
    }

    [Fact]
    public async Task MiniLM_MoreTextsThanOneBatch_SameVectorsAsOneByOne()
    {
        var texts = Enumerable.Range(0, OnnxSentenceEmbeddingGenerator.BatchSize + 3).Select(i => $"product number {i} in the catalogue").ToArray();

        var together = await _miniLm.GenerateAsync(texts);
        var last = await _miniLm.GenerateAsync([texts[^1]]);

        Assert.Equal(texts.Length, together.Count);
        Assert.Equal(1.0, Dot(together[^1].Vector, last[0].Vector), 4);
    }

    [Fact]
    public void MiniLM_Metadata_ModelIdAndDimensions()
    {
        var metadata = (EmbeddingGeneratorMetadata)_miniLm.GetService(typeof(EmbeddingGeneratorMetadata))!;

        Assert.Equal(LocalEmbeddingModel.MiniLM.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task MiniLM_EmptyText_RejectedBeforeTheModelRuns()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _miniLm.GenerateAsync(["fine", "  "]));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Create_UnknownModel_NamesTheOnesThereAre()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxSentenceEmbeddingGenerator.Create("bert-large"));
        Assert.Contains("MiniLM, ArcticXs", e.Message);
    }
    [Fact]
    public async Task MiniLM_CancelledWhileEncoding_ThrowsOperationCanceled()
    {
        // Long texts in many batches, cancelled once the first batch is running: the caller (a
        // pipeline's StopProcessing) must see a cancellation, not an ONNX Runtime error.
        var texts = Enumerable.Range(0, OnnxSentenceEmbeddingGenerator.BatchSize * 40)
            .Select(i => string.Join(" ", Enumerable.Repeat($"word{i} catalogue entry", 40))).ToArray();
        using var cts = new CancellationTokenSource();
        var run = _miniLm.GenerateAsync(texts, cancellationToken: cts.Token);
        await Task.Delay(200);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
