using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Tests.Embedding;

public sealed class HashingEmbeddingGeneratorTests
{
    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0;
        for (var i = 0; i < a.Length; i++) dot += a[i] * (double)b[i];
        return dot; // both are unit vectors
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Fact]
    public async Task Generate_SameTextTwoInstances_BitIdenticalVectors()
    {
        using var first = new HashingEmbeddingGenerator(384, seed: 7);
        using var second = new HashingEmbeddingGenerator(384, seed: 7);

        var a = (await first.GenerateAsync(new[] { "Red running shoes, size 42" }))[0].Vector.ToArray();
        var b = (await second.GenerateAsync(new[] { "Red running shoes, size 42" }))[0].Vector.ToArray();

        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Embed_KnownText_MatchesIndependentImplementationBitForBit()
    {
        // Computed by an independent Python implementation of the algorithm in the XML docs:
        // a change to tokenizing, hashing or weighting must come with a new Algorithm name.
        int[] pinned = { 0, 0, 1053609165, 0, 0, -1102263091, -1102263091, 0, 0, -1088841318, 0, 1045220557, -1093874483, 1053609165, 0, -1102263091 };

        var vector = new HashingEmbeddingGenerator(16, seed: 3).Embed("The quick brown fox, 42 times!");

        Assert.Equal(pinned, vector.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(384)]
    [InlineData(4096)]
    public void Embed_AnyDimensions_HasThoseDimensionsAndUnitNorm(int dimensions)
    {
        var vector = new HashingEmbeddingGenerator(dimensions).Embed("the quick brown fox jumps over the lazy dog");

        Assert.Equal(dimensions, vector.Length);
        Assert.InRange(Norm(vector), 1 - 1e-6, 1 + 1e-6);
    }

    [Fact]
    public void Embed_DifferentSeeds_DifferentVectors()
    {
        var a = new HashingEmbeddingGenerator(64, seed: 1).Embed("wireless noise cancelling headphones");
        var b = new HashingEmbeddingGenerator(64, seed: 2).Embed("wireless noise cancelling headphones");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Embed_SimilarTexts_CloserThanUnrelatedTexts()
    {
        var generator = new HashingEmbeddingGenerator(256);
        var query = generator.Embed("red running shoes for men");
        var similar = generator.Embed("men's red running shoes");
        var unrelated = generator.Embed("stainless steel kitchen knife set");

        Assert.True(Cosine(query, similar) > Cosine(query, unrelated) + 0.3,
            $"similar {Cosine(query, similar):0.000}, unrelated {Cosine(query, unrelated):0.000}");
    }

    [Fact]
    public void Embed_CaseAndPunctuation_AreIgnored()
    {
        var generator = new HashingEmbeddingGenerator(32);

        Assert.Equal(generator.Embed("red shoes"), generator.Embed("RED -- Shoes!"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    [InlineData("?!... --")]
    public async Task Generate_TextWithoutWords_ThrowsArgumentExceptionThatSaysWhy(string text)
    {
        using var generator = new HashingEmbeddingGenerator(16);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(new[] { "fine", text }));

        Assert.Contains("nothing to embed", ex.Message);
    }

    [Fact]
    public async Task Generate_OtherDimensionsRequested_Throws()
    {
        using var generator = new HashingEmbeddingGenerator(16);

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(new[] { "text" }, new EmbeddingGenerationOptions { Dimensions = 32 }));
    }

    [Fact]
    public void GetService_Metadata_NamesAlgorithmAndDimensions()
    {
        using var generator = new HashingEmbeddingGenerator(48);

        var metadata = Assert.IsType<EmbeddingGeneratorMetadata>(generator.GetService(typeof(EmbeddingGeneratorMetadata)));

        Assert.Equal(HashingEmbeddingGenerator.Algorithm, metadata.DefaultModelId);
        Assert.Equal(48, metadata.DefaultModelDimensions);
    }
}
