using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class AliasTests
{
    [Fact]
    public async Task UpdateAliases_OneActionFails_NothingIsApplied()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/v1", "{\"aliases\":{\"products\":{\"is_write_index\":true}}}");
        await node.PutAsync("/v2", "{}");

        var swap = await node.PostAsync("/_aliases", """
            {"actions":[{"remove":{"index":"v1","alias":"products"}},{"add":{"index":"v2","alias":"products","is_write_index":true}},{"remove":{"index":"v1","alias":"missing","must_exist":true}}]}
            """);

        Assert.Equal(HttpStatusCode.NotFound, swap.Status);
        var (_, aliases) = await node.GetAsync("/_alias/products");
        Assert.NotNull(aliases!["v1"]);
        Assert.Null(aliases["v2"]);
    }

    [Fact]
    public async Task UpdateAliases_Swap_MovesWritesToNewWriteIndex()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/v1", "{\"aliases\":{\"products\":{\"is_write_index\":true}}}");
        await node.PutAsync("/v2", "{}");

        await node.PostAsync("/_aliases", """{"actions":[{"add":{"index":"v1","alias":"products","is_write_index":false}},{"add":{"index":"v2","alias":"products","is_write_index":true}}]}""");
        var write = await node.PutAsync("/products/_doc/1", "{}");

        Assert.Equal("v2", (string?)write.Body!["_index"]);
    }

    [Fact]
    public async Task WriteThroughAlias_WithoutWriteIndex_FailsAsElasticsearch()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/a1", "{\"aliases\":{\"both\":{}}}");
        await node.PutAsync("/a2", "{\"aliases\":{\"both\":{}}}");

        var write = await node.PutAsync("/both/_doc/1", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, write.Status);
        Assert.StartsWith("no write index is defined for alias [both]", (string?)write.Body!["error"]!["reason"]);
    }
}
