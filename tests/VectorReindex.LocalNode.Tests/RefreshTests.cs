using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class RefreshTests
{
    [Fact]
    public async Task RefreshIntervalDisabled_WriteIsInvisibleToSearchUntilRefreshButGetIsRealTime()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/r", "{\"settings\":{\"refresh_interval\":\"-1\"}}");
        await node.PutAsync("/r/_doc/1", "{}");

        var (_, before) = await node.GetAsync("/r/_count");
        var (_, get) = await node.GetAsync("/r/_doc/1");
        await node.PostAsync("/r/_refresh");
        var (_, after) = await node.GetAsync("/r/_count");

        Assert.Equal(0, (long)before!["count"]!);
        Assert.True((bool)get!["found"]!);
        Assert.Equal(1, (long)after!["count"]!);
    }

    [Fact]
    public async Task DefaultRefreshInterval_MakesWriteVisibleWithinAboutOneSecond()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/r/_doc/1", "{}");

        var (_, immediately) = await node.GetAsync("/r/_count");
        await Task.Delay(1300);
        var (_, later) = await node.GetAsync("/r/_count");

        Assert.Equal(0, (long)immediately!["count"]!);
        Assert.Equal(1, (long)later!["count"]!);
    }

    [Fact]
    public async Task RefreshWaitFor_ReturnsOnlyOnceVisible()
    {
        await using var node = await TestNode.StartAsync();

        var (_, write) = await node.PutAsync("/r/_doc/1?refresh=wait_for", "{}");
        var (_, count) = await node.GetAsync("/r/_count");

        Assert.Null(write!["forced_refresh"]);
        Assert.Equal(1, (long)count!["count"]!);
    }
}
