using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Tests.Embedding;

public sealed class EmbedderFactoryTests
{
    [Fact]
    public async Task TryCreate_RecordedHashingDescriptor_EmbedsLikeTheOriginal()
    {
        var original = new HashingEmbeddingGenerator(32, seed: 11);
        var recorded = EmbedderDescriptor.FromJson(VectorEmbedder.FromGenerator(original).Descriptor.ToJson());

        Assert.True(EmbedderFactory.TryCreate(recorded, out var rebuilt));

        var query = (await rebuilt!.GenerateAsync(new[] { "blue denim jacket" }))[0].Vector.ToArray();
        Assert.Equal(original.Embed("blue denim jacket"), query);
    }

    [Fact]
    public void TryCreate_OpenAIDescriptor_RebuildsWithTheRecordedModelAndEndpoint()
    {
        var descriptor = EmbedderDescriptor.OpenAI(new Uri("http://127.0.0.1:1/v1"), "nomic-embed-text", 768);

        Assert.True(EmbedderFactory.TryCreate(descriptor, out var generator));

        var openAI = Assert.IsType<OpenAIEmbeddingGenerator>(generator);
        Assert.Equal("nomic-embed-text", openAI.Options.Model);
        Assert.Equal(768, openAI.Options.Dimensions);
        Assert.Equal(descriptor, VectorEmbedder.OpenAI(openAI).Descriptor);
    }

    [Fact]
    public void TryCreate_HashingWithOtherAlgorithmVersion_ReturnsFalse()
    {
        var future = new EmbedderDescriptor(EmbedderKind.Hashing, "hashing-fnv1a64-v2", 32, 0, null, "newer");

        Assert.False(EmbedderFactory.TryCreate(future, out var generator));
        Assert.Null(generator);
    }

    [Theory]
    [InlineData(EmbedderKind.Copy)]
    [InlineData(EmbedderKind.ScriptBlock)]
    [InlineData(EmbedderKind.Custom)]
    public void TryCreate_KindsThatCannotBeRebuilt_ReturnFalse(EmbedderKind kind)
    {
        Assert.False(EmbedderFactory.TryCreate(new EmbedderDescriptor(kind, "m", 8, null, null, "d"), out _));
    }
}
