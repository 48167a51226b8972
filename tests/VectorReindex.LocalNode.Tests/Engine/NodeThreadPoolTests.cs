using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Engine;

/// <summary>The node's write and search pools: which requests run where, their own threads, and a full queue's 429.</summary>
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
}
