using System.Net;

namespace VectorReindex.LocalNode.Tests;

public sealed class WriteBlockTests
{
    [Fact]
    public async Task IndexDocument_BlocksWriteSet_RefusedUntilLifted()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/blocked", """{"settings":{"number_of_shards":1}}""");
        await node.PutAsync("/blocked/_settings", """{"index":{"blocks":{"write":true}}}""");

        var refused = await node.PutAsync("/blocked/_doc/1", """{"title":"a"}""");
        await node.PutAsync("/blocked/_settings", """{"index":{"blocks":{"write":false}}}""");
        var accepted = await node.PutAsync("/blocked/_doc/1", """{"title":"a"}""");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("cluster_block_exception", refused.Body!["error"]!["type"]!.ToString());
        Assert.Contains("FORBIDDEN/8/index write (api)", refused.Body["error"]!["reason"]!.ToString());
        Assert.Equal(HttpStatusCode.Created, accepted.Status);
    }

    [Fact]
    public async Task Bulk_ReadOnlyAndWriteBothSet_ReportsTheReadOnlyBlock()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/frozen", """{"settings":{"index.blocks.write":true,"index.blocks.read_only":true}}""");

        var bulk = await node.BulkAsync("/_bulk", """{"index":{"_index":"frozen","_id":"1"}}""", """{"title":"a"}""");

        var item = bulk.Body!["items"]![0]!["index"]!;
        Assert.Equal(403, (int)item["status"]!);
        Assert.Contains("FORBIDDEN/5/index read-only (api)", item["error"]!["reason"]!.ToString());
    }
}
