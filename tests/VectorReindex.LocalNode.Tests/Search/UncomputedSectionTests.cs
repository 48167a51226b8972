using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>
/// Search sections the node does not compute are refused by name when they would change the answer
/// (hits without their highlight, a query over a runtime field never defined), and accepted when off or empty.
/// </summary>
public sealed class UncomputedSectionTests : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public UncomputedSectionTests(LocalNodeFixture node) => _node = node;

    [Theory]
    [InlineData("highlight", "{\"fields\":{\"title\":{}}}")]
    [InlineData("suggest", "{\"s\":{\"text\":\"tset\",\"term\":{\"field\":\"title\"}}}")]
    [InlineData("runtime_mappings", "{\"day\":{\"type\":\"keyword\",\"script\":\"emit('x')\"}}")]
    [InlineData("explain", "true")]
    [InlineData("profile", "true")]
    public async Task SectionThatChangesTheAnswer_IsRefusedByName(string key, string value)
    {
        var index = await IndexAsync();
        var body = new JsonObject { ["query"] = new JsonObject { ["match_all"] = new JsonObject() }, [key] = JsonNode.Parse(value) };

        var response = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", body, ensureSuccess: false);

        Assert.Equal(400, response["__status"]!.GetValue<int>());
        Assert.Equal("illegal_argument_exception", response["error"]!["type"]!.GetValue<string>());
        Assert.Equal($"[{key}] is not supported by the local node", response["error"]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("explain", "false")]
    [InlineData("profile", "false")]
    [InlineData("highlight", "{}")]
    [InlineData("runtime_mappings", "{}")]
    public async Task SectionOffOrEmpty_IsAnsweredAsWithout(string key, string value)
    {
        var index = await IndexAsync();
        var body = new JsonObject { ["query"] = new JsonObject { ["match_all"] = new JsonObject() }, [key] = JsonNode.Parse(value) };

        var response = await _node.SendAsync(HttpMethod.Post, $"/{index}/_search", body);

        Assert.Equal(1, response["hits"]!["total"]!["value"]!.GetValue<int>());
    }

    private async Task<string> IndexAsync()
    {
        var index = LocalNodeFixture.NewIndexName("uncomputed");
        await _node.PutAsync($"/{index}/_doc/1?refresh=true", new { title = "test" });
        return index;
    }
}
