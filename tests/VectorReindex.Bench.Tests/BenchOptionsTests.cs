using VectorReindex.Bench;

namespace VectorReindex.Bench.Tests;

/// <summary>The bench's command line: `backfill --peers` and its knobs (no timed runs here: figures belong to the bench itself).</summary>
public class BenchOptionsTests
{
    [Fact]
    public void Peers_defaults_to_three_runs_and_a_two_thousand_document_re_embed()
    {
        var options = BenchOptions.Parse(["--peers"]);

        Assert.True(options.Peers);
        Assert.Equal(3, options.Runs);
        Assert.Equal(2_000, options.ReembedDocs);
        Assert.Equal(384, options.Dims);
        Assert.Null(options.Model);
        Assert.False(options.Python);
    }

    [Fact]
    public void Peers_takes_runs_re_embed_documents_model_and_corpus_size()
    {
        var options = BenchOptions.Parse(["--peers", "--runs", "5", "--reembed-docs", "300", "--model", "ArcticXs", "--docs", "50000", "--dims", "96"]);

        Assert.True(options.Peers);
        Assert.Equal(5, options.Runs);
        Assert.Equal(300, options.ReembedDocs);
        Assert.Equal("ArcticXs", options.Model);
        Assert.Equal(50_000, options.Docs);
        Assert.Equal(96, options.Dims);
    }

    [Fact]
    public void Runs_and_re_embed_documents_are_at_least_one()
    {
        var options = BenchOptions.Parse(["--runs", "0", "--reembed-docs", "-4"]);

        Assert.Equal(1, options.Runs);
        Assert.Equal(1, options.ReembedDocs);
    }

    [Fact]
    public void Without_peers_the_backfill_runs_only_the_sides_asked_for()
    {
        var options = BenchOptions.Parse(["--python", "--base64"]);

        Assert.False(options.Peers);
        Assert.True(options.Python);
        Assert.True(options.Base64);
    }

    [Fact]
    public void An_unknown_option_is_refused_with_the_known_ones_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--peer"]));

        Assert.Contains("'--peer'", error.Message);
        Assert.Contains("--peers", error.Message);
        Assert.Contains("--reembed-docs N", error.Message);
    }
}
