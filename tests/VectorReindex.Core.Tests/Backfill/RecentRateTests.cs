using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Tests.Backfill;

public class RecentRateTests
{
    [Fact]
    public void UntilTheWindowHasPassedTheRateIsFromTheStart()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(30), doneAtStart: 1000);
        Assert.Equal(100, rate.Observe(10, 2000), 6);
        Assert.Equal(100, rate.Observe(20, 3000), 6);
    }

    [Fact]
    public void ASlowdownShowsInTheRateOnceTheWindowHasPassed()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(30), doneAtStart: 0);
        // 1,000/s for 60 s, then 250/s: the average from the start would still say 800/s at 75 s.
        for (var t = 1; t <= 60; t++) rate.Observe(t, t * 1000L);
        double last = 0;
        for (var t = 61; t <= 95; t++) last = rate.Observe(t, 60_000 + (t - 60) * 250L);
        Assert.Equal(250, last, 6);
    }

    [Fact]
    public void OldSamplesAreDroppedSoMemoryStaysBounded()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(1), doneAtStart: 0);
        double last = 0;
        for (var i = 1; i <= 100_000; i++) last = rate.Observe(i * 0.01, i * 10L);
        Assert.Equal(1000, last, 3);
    }
}
