using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class BulkTests
{
    [Fact]
    public async Task Bulk_ItemConflict_ReportsItemErrorAndAppliesOthers()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/b/_doc/1", "{}");

        var (status, body) = await node.BulkAsync("/b/_bulk",
            "{\"create\":{\"_id\":\"1\"}}", "{}",
            "{\"index\":{\"_id\":\"2\"}}", "{\"x\":1}",
            "{\"delete\":{\"_id\":\"3\"}}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body!["errors"]!);
        Assert.Equal(409, (int)body["items"]![0]!["create"]!["status"]!);
        Assert.Equal("version_conflict_engine_exception", (string?)body["items"]![0]!["create"]!["error"]!["type"]);
        Assert.Equal(201, (int)body["items"]![1]!["index"]!["status"]!);
        Assert.Equal(404, (int)body["items"]![2]!["delete"]!["status"]!);
        Assert.Equal("not_found", (string?)body["items"]![2]!["delete"]!["result"]);
    }

    [Fact]
    public async Task Bulk_MalformedActionLine_Is400WithElasticsearchReason()
    {
        await using var node = await TestNode.StartAsync();

        var (status, body) = await node.BulkAsync("/_bulk", "{\"index\":{\"_index\":\"b\"}}", "{}", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Malformed action/metadata line [3], expected FIELD_NAME but found [END_OBJECT]", (string?)body!["error"]!["reason"]);
    }

    [Fact]
    public async Task Bulk_VectorOfWrongLength_FailsOnlyThatItem()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/vec", "{\"mappings\":{\"properties\":{\"v\":{\"type\":\"dense_vector\",\"dims\":3}}}}");

        var (_, body) = await node.BulkAsync("/vec/_bulk",
            "{\"index\":{\"_id\":\"1\"}}", "{\"v\":[1,2]}",
            "{\"index\":{\"_id\":\"2\"}}", "{\"v\":[1,2,3]}");

        Assert.Equal(400, (int)body!["items"]![0]!["index"]!["status"]!);
        Assert.Contains("has a different number of dimensions [2] than defined in the mapping [3]", body["items"]![0]!["index"]!["error"]!.ToJsonString());
        Assert.Equal(201, (int)body["items"]![1]!["index"]!["status"]!);
    }

    [Fact]
    public async Task BulkItemRejectRate_One_RejectsEveryItemWith429()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/_localnode/faults", "{\"bulk_item_reject_rate\":1.0}");

        var (_, body) = await node.BulkAsync("/f/_bulk", "{\"index\":{}}", "{}", "{\"index\":{}}", "{}");
        await node.DeleteAsync("/_localnode/faults");
        var (_, after) = await node.BulkAsync("/f/_bulk", "{\"index\":{}}", "{}");

        Assert.All(body!["items"]!.AsArray(), item => Assert.Equal("es_rejected_execution_exception", (string?)item!["index"]!["error"]!["type"]));
        Assert.Equal(429, (int)body["items"]![0]!["index"]!["status"]!);
        Assert.False((bool)after!["errors"]!);
    }
}
