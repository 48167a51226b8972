using VectorReindex.Bench;

namespace VectorReindex.Bench.Tests;

public class ScaleOptionsTests
{
    [Fact]
    public void ScaleOptionsAreParsed()
    {
        var options = BenchOptions.Parse(new[] { "--docs", "2500000", "--dims", "64", "--readers", "3", "--reads-per-second", "2.5", "--writers", "4",
            "--writes-per-second", "7", "--shards", "3", "--sample-seconds", "1.5", "--seed-only" });
        Assert.Equal(2_500_000, options.Docs);
        Assert.Equal(64, options.DimsOr(96));
        Assert.Equal(3, options.Readers);
        Assert.Equal(2.5, options.ReadsPerSecond);
        Assert.Equal(4, options.Writers);
        Assert.Equal(7, options.WritesPerSecond);
        Assert.Equal(3, options.Shards);
        Assert.Equal(1.5, options.SampleSeconds);
        Assert.True(options.SeedOnly);
    }

    [Fact]
    public void EachScenarioKeepsItsOwnDimensionsUnlessGiven()
    {
        var options = BenchOptions.Parse(Array.Empty<string>());
        Assert.Equal(96, options.DimsOr(96));
        Assert.Equal(384, options.Dims);
        Assert.False(options.SeedOnly);
    }

    [Fact]
    public void AnUnknownOptionNamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(new[] { "--reader", "2" }));
        Assert.Contains("--readers N", error.Message);
        Assert.Contains("--seed-only", error.Message);
    }
}
