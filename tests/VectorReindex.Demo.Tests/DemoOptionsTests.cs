using VectorReindex.Core.Embedding;

namespace VectorReindex.Demo.Tests;

/// <summary>The demo's command line: the real-model mode's defaults and what it refuses.</summary>
public sealed class DemoOptionsTests
{
    [Fact]
    public void ModelMiniLM_TakesItsDimensions_AndTheSmallerDefaults()
    {
        var o = DemoOptions.Parse(new[] { "--model", "minilm" });

        Assert.Same(LocalEmbeddingModel.MiniLM, o.Model);
        Assert.Equal(384, o.NewDimensions);
        Assert.Equal(DemoOptions.ModelDocuments, o.Documents);
        Assert.Equal(10, o.WritesPerSecond);
        Assert.Equal(1000, o.RecallQueries);
    }

    [Fact]
    public void DefaultMode_HashingAt100kDocuments_NoRecallCheck_OneRun()
    {
        var o = DemoOptions.Parse(Array.Empty<string>());

        Assert.Null(o.Model);
        Assert.Equal((100_000, 256, 40.0, 0, 1), (o.Documents, o.NewDimensions, o.WritesPerSecond, o.RecallQueries, o.Repeat));
    }

    [Fact]
    public void Throttle_DefaultsTo5000DocsPerSecond_ZeroUnthrottles_NegativeRefused()
    {
        Assert.Equal(5000, DemoOptions.Parse(Array.Empty<string>()).MaxDocsPerSecond);
        Assert.Equal(0, DemoOptions.Parse(new[] { "--max-docs-per-second", "0" }).MaxDocsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(2), DemoOptions.Parse(new[] { "--warmup", "2" }).WarmUp);
        var refused = Assert.Throws<ArgumentException>(() => DemoOptions.Parse(new[] { "--max-docs-per-second", "-1" }));
        Assert.Contains("--max-docs-per-second must be 0 (unthrottled) or more", refused.Message);
    }

    [Fact]
    public void GivenValues_WinOverTheModelModesDefaults()
    {
        var o = DemoOptions.Parse(new[] { "--model", "MiniLM", "--docs", "500", "--writes", "2", "--recall-queries", "50", "--repeat", "5" });

        Assert.Equal((500, 2.0, 50, 5), (o.Documents, o.WritesPerSecond, o.RecallQueries, o.Repeat));
    }

    [Fact]
    public void CrossCluster_DefaultsTo100kDocuments_3To2Shards_FromThe819Cluster()
    {
        var o = DemoOptions.Parse(new[] { "--cross-cluster" });

        Assert.True(o.CrossCluster);
        Assert.Equal((100_000, 3, 2, 256), (o.Documents, o.OldShards, o.NewShards, o.NewDimensions));
        Assert.Equal("8.19.0", DemoOptions.OldClusterVersion);
        Assert.False(DemoOptions.Parse(Array.Empty<string>()).CrossCluster);
    }

    [Fact]
    public void CrossCluster_TakesItsSizeAndShardLayout()
    {
        var o = DemoOptions.Parse(new[] { "--cross-cluster", "--docs", "3000", "--old-shards", "4", "--new-shards", "1" });

        Assert.Equal((3000, 4, 1), (o.Documents, o.OldShards, o.NewShards));
        Assert.Contains("--cross-cluster", DemoOptions.Usage);
    }

    [Theory]
    [InlineData("--model MiniLM --new-dims 256", "--new-dims 256 does not fit --model MiniLM, which makes 384-dimension vectors; leave --new-dims out.")]
    [InlineData("--model Word2Vec", "--model 'Word2Vec' is not a model the demo knows. Use hashing or one of: MiniLM, ArcticXs.")]
    [InlineData("--repeat 0", "--repeat must be at least 1.")]
    [InlineData("--new-shards 2", "--old-shards and --new-shards change the shard layout of the --cross-cluster mode; add --cross-cluster or leave them out.")]
    [InlineData("--cross-cluster --old-shards 0", "--old-shards and --new-shards must be at least 1.")]
    public void Refused_WithWhatToDo(string arguments, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => DemoOptions.Parse(arguments.Split(' ')));
        Assert.Equal(message, ex.Message);
    }
}
