using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Engine;

/// <summary>The node's write, search and refresh pools: which requests run where, their own threads, and a full queue's 429.</summary>
public sealed class NodeThreadPoolTests
{
    [Theory]
    [InlineData("POST,PUT", "/{index}/_bulk", "write")]
    [InlineData("PUT,POST", "/{index}/_doc/{id}", "write")]
    [InlineData("DELETE", "/{index}/_doc/{id}", "write")]
    [InlineData("POST", "/{index}/_update/{id}", "write")]
    [InlineData("GET,POST", "/{index}/_search", "search")]
    [InlineData("GET,POST", "/_msearch", "search")]
    [InlineData("GET,POST", "/{index}/_count", "search")]
    [InlineData("GET,POST", "/_search/scroll/{scroll_id}", "search")]
    [InlineData("POST,GET", "/{index}/_refresh", "refresh")]
    [InlineData("POST,GET", "/_refresh", "refresh")]
    [InlineData("GET,HEAD", "/{index}/_doc/{id}", null)]
    [InlineData("DELETE", "/_search/scroll", null)]
    [InlineData("PUT", "/{index}", null)]
    [InlineData("POST", "/_aliases", null)]
    public void Route_RunsOnElasticsearchsPoolForIt(string methods, string template, string? pool)
    {
        var route = new RestRoute(methods.Split(','), template, Array.Empty<string>(), _ => Task.FromResult(RestResponse.Raw(200, "{}")));

        Assert.Equal(pool, route.ThreadPool);
    }

    [Fact]
    public async Task RunAsync_OnThePoolsOwnThread_ReturnsTheResultAndTheException()
    {
        using var pool = new NodeThreadPool("node-1", "search", 2, 10);

        var thread = await pool.RunAsync("probe", () => Task.FromResult(Thread.CurrentThread.Name));
        var failure = await Assert.ThrowsAsync<ElasticsearchException>(() => pool.RunAsync<int>("probe", () => throw Errors.IllegalArgument("bad")));

        Assert.StartsWith("elasticsearch[node-1][search][T#", thread);
        Assert.Equal(400, failure.Status);
    }

    [Fact]
    public async Task RunAsync_BusyThreadsAndFullQueue_RejectsWith429UntilAThreadIsFree()
    {
        using var pool = new NodeThreadPool("node-1", "write", 1, 1);
        using var release = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        Task<int> Blocking(int value) => pool.RunAsync("bulk", () =>
        {
            running.Set();
            release.Wait();
            return Task.FromResult(value);
        });
        var first = Blocking(1);
        Assert.True(running.Wait(TimeSpan.FromSeconds(10)));
        var queued = Blocking(2);

        var rejected = await Assert.ThrowsAsync<ElasticsearchException>(() => Blocking(3));
        release.Set();

        Assert.Equal(429, rejected.Status);
        Assert.Equal("es_rejected_execution_exception", rejected.Type);
        Assert.Contains("EsThreadPoolExecutor[name = node-1/write, queue capacity = 1", rejected.Reason);
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(first, queued));
        Assert.Equal(4, await pool.RunAsync("bulk", () => Task.FromResult(4)));
    }

    [Fact]
    public async Task RefreshRequest_RunsOnTheRefreshPool_WhileSearchesGoOn()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/busy", "{\"settings\":{\"refresh_interval\":\"-1\"}}");
        await node.PutAsync("/busy/_doc/1", "{\"n\":1}");
        await node.PutAsync("/other/_doc/1?refresh=true", "{\"n\":1}");
        var pool = node.Server.Engine.RefreshPool;
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        var occupied = pool.RunAsync("held by the test", () =>
        {
            holding.Set();
            release.Wait();
            return Task.FromResult(0);
        });
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));

        var refresh = node.PostAsync("/busy/_refresh");
        var (searchStatus, search) = await node.PostAsync("/other/_search", "{\"query\":{\"match_all\":{}}}");
        var refreshedBeforeRelease = await Task.WhenAny(refresh, Task.Delay(300)) == refresh;
        release.Set();
        await occupied;
        var (refreshStatus, _) = await refresh;
        var (_, count) = await node.GetAsync("/busy/_count");

        Assert.Equal(System.Net.HttpStatusCode.OK, searchStatus);
        Assert.Equal(1, (long)search!["hits"]!["total"]!["value"]!);
        Assert.False(refreshedBeforeRelease);
        Assert.Equal(System.Net.HttpStatusCode.OK, refreshStatus);
        Assert.Equal(1, (long)count!["count"]!);
    }

    [Fact]
    public async Task ScheduledRefresh_RunsOnTheRefreshPool()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/scheduled", "{\"settings\":{\"refresh_interval\":\"100ms\"}}");
        var pool = node.Server.Engine.RefreshPool;
        var before = pool.Completed;

        await node.PutAsync("/scheduled/_doc/1", "{\"n\":1}");
        long visible = 0;
        for (var i = 0; i < 100 && visible == 0; i++)
        {
            await Task.Delay(50);
            visible = (long)(await node.GetAsync("/scheduled/_count")).Body!["count"]!;
        }

        Assert.Equal(1, visible);
        Assert.True(pool.Completed > before, $"the refresh pool ran {pool.Completed - before} work items");
    }
}
