using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Tests.Embedding;

public sealed class VectorEmbedderTests
{
    [Fact]
    public void Copy_HasNoGenerator_AndCannotBeBound()
    {
        var copy = VectorEmbedder.Copy();

        Assert.True(copy.IsCopy);
        Assert.Null(copy.Generator);
        Assert.Throws<InvalidOperationException>(() => copy.BindToPipeline(_ => { }));
    }

    [Fact]
    public async Task PipelineBound_BindToPipeline_GivesTheGeneratorThePostOfTheRun()
    {
        var posted = 0;
        var embedder = VectorEmbedder.PipelineBound(EmbedderDescriptor.ScriptBlock(null, 2),
            (post, _) => new PostingGenerator(post));

        Assert.True(embedder.RequiresPipeline);
        Assert.Null(embedder.Generator);
        var generator = embedder.BindToPipeline(action => { posted++; action(); });
        await generator.GenerateAsync(new[] { "a" });

        Assert.Equal(1, posted);
    }

    [Fact]
    public void FromGenerator_Custom_DescribedFromItsMetadata()
    {
        var embedder = VectorEmbedder.FromGenerator(new PostingGenerator(a => a()));

        Assert.Equal(EmbedderKind.Custom, embedder.Kind);
        Assert.Equal("posting-model", embedder.Model);
        Assert.Equal(2, embedder.Dimensions);
        Assert.Contains(nameof(PostingGenerator), embedder.Description);
    }

    [Fact]
    public void FromGenerator_Hashing_KeepsTheHashingKind()
    {
        var embedder = VectorEmbedder.FromGenerator(new HashingEmbeddingGenerator(12, 5));

        Assert.Equal(EmbedderDescriptor.Hashing(12, 5), embedder.Descriptor);
    }

    /// <summary>A generator that does its work through the post it was bound with.</summary>
    private sealed class PostingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Action<Action> _post;

        public PostingGenerator(Action<Action> post) => _post = post;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            _post(() => result.AddRange(values.Select(_ => new Embedding<float>(new float[] { 1, 0 }))));
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, "posting-model", 2) : null;

        public void Dispose() { }
    }
}
