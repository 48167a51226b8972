using VectorReindex.Embeddings.Local;

namespace VectorReindex.Embeddings.Local.Tests;

/// <summary>The real Snowflake arctic-embed-xs model: one load for the class.</summary>
public sealed class ArcticXsTests
{
    [Fact]
    public async Task ArcticXs_Sentences_UnitVectorsOf384DimensionsAndParaphrasesCloser()
    {
        using var arctic = OnnxSentenceEmbeddingGenerator.Create("ArcticXs");

        var e = await arctic.GenerateAsync(["A kitten naps on the couch.", "The cat is sleeping on the sofa.", "Quarterly revenue grew faster than expected."]);
        double Dot(int a, int b) => e[a].Vector.ToArray().Zip(e[b].Vector.ToArray(), (x, y) => (double)x * y).Sum();

        Assert.All(e, v => Assert.Equal(384, v.Vector.Length));
        Assert.Equal(1.0, Math.Sqrt(Dot(0, 0)), 4);
        Assert.Equal("Snowflake/snowflake-arctic-embed-xs", e[0].ModelId);
        Assert.True(Dot(0, 1) > Dot(0, 2), $"cat/kitten {Dot(0, 1):F3} vs cat/revenue {Dot(0, 2):F3}");
    }
}
