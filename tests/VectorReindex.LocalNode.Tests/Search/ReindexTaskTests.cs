using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class ReindexTaskTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public ReindexTaskTests(LocalNodeFixture node)
    {
        _node = node;
    }

    private async Task<string> SeedAsync(int count)
    {
        var index = LocalNodeFixture.NewIndexName("src");
        var bulk = string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{i}\"}}}}\n{{\"n\":{i}}}\n"));
        await _node.PostAsync("/_bulk?refresh=true", bulk);
        return index;
    }

    [Fact]
    public async Task Reindex_AsTaskWithExternalGte_CopiesVersionsAndReportsCounters()
    {
        var source = await SeedAsync(25);
        await _node.PutAsync($"/{source}/_doc/3?refresh=true", new { n = 33 });
        var dest = LocalNodeFixture.NewIndexName("dst");

        var started = await _node.PostAsync("/_reindex?wait_for_completion=false&slices=auto", new JsonObject
        {
            ["conflicts"] = "proceed",
            ["source"] = new JsonObject { ["index"] = source },
            ["dest"] = new JsonObject { ["index"] = dest, ["version_type"] = "external_gte" },
        }.ToJsonString());
        var task = await _node.SendAsync(HttpMethod.Get, $"/_tasks/{started["task"]!.GetValue<string>()}?wait_for_completion=true&timeout=10s");

        Assert.True(task["completed"]!.GetValue<bool>());
        Assert.Equal(25, task["task"]!["status"]!["total"]!.GetValue<long>());
        Assert.Equal(25, task["response"]!["created"]!.GetValue<long>());
        Assert.Empty(task["response"]!["failures"]!.AsArray());
        var copied = await _node.SendAsync(HttpMethod.Get, $"/{dest}/_doc/3");
        Assert.Equal(2, copied["_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reindex_SecondRunWithExternalGte_CountsNoWritesAsNew()
    {
        var source = await SeedAsync(10);
        var dest = LocalNodeFixture.NewIndexName("dst");
        var body = new JsonObject
        {
            ["conflicts"] = "proceed",
            ["source"] = new JsonObject { ["index"] = source },
            ["dest"] = new JsonObject { ["index"] = dest, ["version_type"] = "external_gte" },
        }.ToJsonString();
        await _node.PostAsync("/_reindex?refresh=true", body);

        var second = await _node.PostAsync("/_reindex?refresh=true", body);
        var stats = await _node.SendAsync(HttpMethod.Get, $"/{dest}/_stats");

        Assert.Equal(10, second["updated"]!.GetValue<long>());
        Assert.Equal(20, stats["_all"]!["primaries"]!["indexing"]!["index_total"]!.GetValue<long>());
        Assert.Equal(20, stats["indices"]![dest]!["primaries"]!["indexing"]!["index_total"]!.GetValue<long>());
    }

    [Fact]
    public async Task DeleteByQuery_TermQuery_DeletesOnlyMatches()
    {
        var source = await SeedAsync(12);

        var response = await _node.PostAsync($"/{source}/_delete_by_query?refresh=true", new { query = new { range = new { n = new { gte = 6 } } } });
        var count = await _node.PostAsync($"/{source}/_count");

        Assert.Equal(6, response["deleted"]!.GetValue<long>());
        Assert.Equal(6, count["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task UpdateByQuery_WithScript_Answers400NotSupported()
    {
        var source = await SeedAsync(1);

        var response = await _node.SendAsync(HttpMethod.Post, $"/{source}/_update_by_query", new { script = new { source = "ctx._source.n++" } }, ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Contains("not supported by the local node", response["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task CancelTask_ThrottledReindex_StopsBeforeTheEnd()
    {
        var source = await SeedAsync(40);
        var dest = LocalNodeFixture.NewIndexName("dst");
        var started = await _node.PostAsync("/_reindex?wait_for_completion=false&requests_per_second=20", new JsonObject
        {
            ["source"] = new JsonObject { ["index"] = source, ["size"] = 5 },
            ["dest"] = new JsonObject { ["index"] = dest },
        }.ToJsonString());
        var id = started["task"]!.GetValue<string>();
        await Task.Delay(300);

        await _node.PostAsync($"/_tasks/{id}/_cancel");
        var task = await _node.SendAsync(HttpMethod.Get, $"/_tasks/{id}?wait_for_completion=true&timeout=5s");

        Assert.True(task["completed"]!.GetValue<bool>());
        Assert.True(task["response"]!["created"]!.GetValue<long>() < 40);
        Assert.Equal("by user request", task["response"]!["canceled"]!.GetValue<string>());
    }
}
