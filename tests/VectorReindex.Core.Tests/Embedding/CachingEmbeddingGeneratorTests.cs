using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Tests.Embedding;

public sealed class CachingEmbeddingGeneratorTests
{
    /// <summary>The hashing model, counting the texts it is asked to embed.</summary>
    private sealed class CountingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
    {
        public CountingGenerator() : base(new HashingEmbeddingGenerator(16, 1)) { }

        public List<string> Embedded { get; } = new();

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            lock (Embedded) Embedded.AddRange(texts);
            return base.GenerateAsync(texts, options, cancellationToken);
        }
    }

    [Fact]
    public async Task Generate_SameTextTwice_SecondTimeDoesNotCallTheModel()
    {
        var model = new CountingGenerator();
        var cached = new CachingEmbeddingGenerator(model, "m", new EmbeddingCache());

        var first = await cached.GenerateAsync(["red shoe", "blue hat"]);
        var second = await cached.GenerateAsync(["blue hat", "red shoe", "green scarf"]);

        Assert.Equal(new[] { "red shoe", "blue hat", "green scarf" }, model.Embedded);
        Assert.Equal(first[0].Vector.ToArray(), second[1].Vector.ToArray());
        Assert.Equal(first[1].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(new HashingEmbeddingGenerator(16, 1).Embed("green scarf"), second[2].Vector.ToArray());
    }

    [Fact]
    public async Task Generate_RepeatsWithinOneCall_EmbeddedOnceInOrder()
    {
        var model = new CountingGenerator();
        var cached = new CachingEmbeddingGenerator(model, "m", new EmbeddingCache());

        var result = await cached.GenerateAsync(["a b", "c d", "a b"]);

        Assert.Equal(new[] { "a b", "c d" }, model.Embedded);
        Assert.Equal(3, result.Count);
        Assert.Equal(result[0].Vector.ToArray(), result[2].Vector.ToArray());
        Assert.All(result, e => Assert.Equal("m", e.ModelId));
    }

    [Fact]
    public async Task Generate_SharedCacheOtherModelId_EmbedsAgain()
    {
        var cache = new EmbeddingCache();
        var modelA = new CountingGenerator();
        var modelB = new CountingGenerator();

        await new CachingEmbeddingGenerator(modelA, "model-a", cache).GenerateAsync(["same text"]);
        await new CachingEmbeddingGenerator(modelB, "model-b", cache).GenerateAsync(["same text"]);
        await new CachingEmbeddingGenerator(modelA, "model-a", cache).GenerateAsync(["same text"]);

        Assert.Single(modelA.Embedded);
        Assert.Single(modelB.Embedded);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Generate_CacheFull_StillEmbedsButAddsNoMore()
    {
        var model = new CountingGenerator();
        var cache = new EmbeddingCache(capacity: 1);
        var cached = new CachingEmbeddingGenerator(model, "m", cache);

        await cached.GenerateAsync(["one", "two"]);
        await cached.GenerateAsync(["one", "two"]);

        Assert.Equal(1, cache.Count);
        Assert.Equal(3, model.Embedded.Count); // "one" or "two" was kept; the other embedded again
    }

    [Fact]
    public async Task Cache_ReturnedVector_IsTheCallersCopy()
    {
        var cached = new CachingEmbeddingGenerator(new CountingGenerator(), "m", new EmbeddingCache());
        var first = await cached.GenerateAsync(["text"]);
        var original = first[0].Vector.ToArray();

        System.Runtime.InteropServices.MemoryMarshal.AsMemory(first[0].Vector).Span[0] = 42f;
        var second = await cached.GenerateAsync(["text"]);

        Assert.Equal(original, second[0].Vector.ToArray());
    }

    [Fact]
    public void LocalEmbedder_WithCache_DescribedAsLocalAndRunsThroughTheCache()
    {
        var embedder = VectorEmbedder.Local(LocalEmbeddingModel.MiniLM, new CountingGenerator(), new EmbeddingCache());

        Assert.Equal(EmbedderKind.Local, embedder.Kind);
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", embedder.Model);
        Assert.Equal(384, embedder.Dimensions);
        Assert.IsType<CachingEmbeddingGenerator>(embedder.Generator);
        Assert.Equal(embedder.Descriptor, EmbedderDescriptor.FromJson(embedder.Descriptor.ToJson()));
        Assert.Contains("\"kind\":\"local\"", embedder.Descriptor.ToJson());
    }
}
