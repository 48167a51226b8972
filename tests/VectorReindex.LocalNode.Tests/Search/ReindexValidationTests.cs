using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class ReindexValidationTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public ReindexValidationTests(LocalNodeFixture node)
    {
        _node = node;
    }

    private async Task<JsonObject> ErrorAsync(string path, string body)
    {
        var response = await _node.SendAsync(HttpMethod.Post, path, JsonNode.Parse(body), ensureSuccess: false);
        Assert.Equal(400, response["__status"]!.GetValue<int>());
        return response["error"]!.AsObject();
    }

    [Theory]
    [InlineData("/_reindex", """{"dest":{}}""", "action_request_validation_exception", "Validation Failed: 1: use _all if you really want to copy from all existing indexes;2: index must be specified;")]
    [InlineData("/_reindex", """{"source":{"index":"a","from":1,"stored_fields":["_id"]},"dest":{"index":"b"}}""", "action_request_validation_exception", "Validation Failed: 1: from is not supported in this context;2: stored_fields is not supported in this context;")]
    [InlineData("/_reindex", """{"source":{"index":"a","_source":false},"dest":{"index":"b"}}""", "action_request_validation_exception", "Validation Failed: 1: _source:false is not supported in this context;")]
    [InlineData("/_reindex", """{"junk":{}}""", "x_content_parse_exception", "[reindex] unknown field [junk]")]
    [InlineData("/_reindex", """{"source":{"junk":{}}}""", "parsing_exception", "Unknown key for a START_OBJECT in [junk].")]
    [InlineData("/_reindex", """{"dest":{"version":10}}""", "x_content_parse_exception", "[dest] unknown field [version]")]
    [InlineData("/_reindex", """{"source":{"index":"a","size":"cat"},"dest":{"index":"b"}}""", "number_format_exception", "For input string: \"cat\"")]
    [InlineData("/_reindex", """{"source":{"index":"a"},"dest":{"index":"b"},"size":4,"max_docs":5}""", "illegal_argument_exception", "[max_docs] set to two different values [4] and [5]")]
    [InlineData("/_reindex?max_docs=-4", """{"source":{"index":"a"},"dest":{"index":"b"}}""", "illegal_argument_exception", "[max_docs] parameter cannot be negative, found [-4]")]
    [InlineData("/_reindex?max_docs=1&slices=2", """{"source":{"index":"a"},"dest":{"index":"b"}}""", "action_request_validation_exception", "Validation Failed: 1: [max_docs] should be >= [slices];")]
    [InlineData("/_reindex?slices=0", """{"source":{"index":"a"},"dest":{"index":"b"}}""", "illegal_argument_exception", "[slices] must be a positive integer or the string \"auto\", but was [0]")]
    [InlineData("/_reindex?requests_per_second=0", """{"source":{"index":"a"},"dest":{"index":"b"}}""", "illegal_argument_exception", "[requests_per_second] must be a float greater than 0. Use -1 to disable throttling.")]
    [InlineData("/a/_delete_by_query", """{}""", "action_request_validation_exception", "Validation Failed: 1: query is missing;")]
    [InlineData("/remote:test/_delete_by_query", """{"query":{"match_all":{}}}""", "action_request_validation_exception", "Validation Failed: 1: Cross-cluster calls are not supported in this context but remote indices were requested: [remote:test];")]
    [InlineData("/a/_update_by_query?slices=2", """{"slice":{"id":0,"max":2}}""", "action_request_validation_exception", "Validation Failed: 1: can't specify both manual and automatic slicing at the same time;")]
    public async Task BulkByScroll_InvalidRequest_AnswersAsElasticsearch(string path, string body, string type, string reason)
    {
        var error = await ErrorAsync(path, body);

        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Equal(reason, error["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reindex_WithSlices_ReportsEachSliceAndTheirSumsMatch()
    {
        var source = LocalNodeFixture.NewIndexName("src");
        var bulk = string.Concat(Enumerable.Range(0, 40).Select(i => $"{{\"index\":{{\"_index\":\"{source}\",\"_id\":\"{i}\"}}}}\n{{\"n\":{i}}}\n"));
        await _node.PostAsync("/_bulk?refresh=true", bulk);

        var response = await _node.PostAsync("/_reindex?slices=3&refresh=true", new JsonObject
        {
            ["source"] = new JsonObject { ["index"] = source },
            ["dest"] = new JsonObject { ["index"] = LocalNodeFixture.NewIndexName("dst") },
        }.ToJsonString());

        var slices = response["slices"]!.AsArray();
        Assert.Equal(new[] { 0, 1, 2 }, slices.Select(s => s!["slice_id"]!.GetValue<int>()));
        Assert.Equal(40, slices.Sum(s => s!["created"]!.GetValue<int>()));
        Assert.Equal(40, slices.Sum(s => s!["total"]!.GetValue<int>()));
        Assert.Equal(40, response["created"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rethrottle_RunningReindex_ChangesItsRateAndUnknownTasksAre404()
    {
        var source = LocalNodeFixture.NewIndexName("src");
        var bulk = string.Concat(Enumerable.Range(0, 30).Select(i => $"{{\"index\":{{\"_index\":\"{source}\",\"_id\":\"{i}\"}}}}\n{{\"n\":{i}}}\n"));
        await _node.PostAsync("/_bulk?refresh=true", bulk);
        var started = await _node.PostAsync("/_reindex?wait_for_completion=false&requests_per_second=0.05", new JsonObject
        {
            ["source"] = new JsonObject { ["index"] = source, ["size"] = 10 },
            ["dest"] = new JsonObject { ["index"] = LocalNodeFixture.NewIndexName("dst") },
        }.ToJsonString());
        var taskId = started["task"]!.GetValue<string>();
        var before = await _node.SendAsync(HttpMethod.Get, $"/_tasks/{taskId}");

        // At 0.05 per second each batch of 10 waits 200 s: only a rethrottle that wakes the waiting batch finishes within the 30 s below.
        var rethrottled = await _node.PostAsync($"/_reindex/{taskId}/_rethrottle?requests_per_second=-1");
        var done = await _node.SendAsync(HttpMethod.Get, $"/_tasks/{taskId}?wait_for_completion=true&timeout=30s");
        var missing = await _node.SendAsync(HttpMethod.Post, $"/_reindex/{taskId}/_rethrottle?requests_per_second=5", ensureSuccess: false);
        var noRate = await _node.SendAsync(HttpMethod.Post, $"/_reindex/{taskId}/_rethrottle", ensureSuccess: false);

        Assert.Equal(0.05, before["task"]!["status"]!["requests_per_second"]!.GetValue<double>(), 3);
        var info = rethrottled["nodes"]!.AsObject().Single().Value!["tasks"]![taskId]!;
        Assert.Equal(-1, info["status"]!["requests_per_second"]!.GetValue<double>());
        Assert.True(done["completed"]!.GetValue<bool>());
        Assert.Equal(30, done["response"]!["created"]!.GetValue<int>());
        Assert.Equal(404, missing["__status"]!.GetValue<int>());
        Assert.Equal("requests_per_second is a required parameter", noRate["error"]!["reason"]!.GetValue<string>());
    }
}
