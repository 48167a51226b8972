using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class TombstoneTests
{
    [Fact]
    public async Task ExternalWrite_OlderThanDeleteWithinGcDeletes_Conflicts()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/t/_doc/1?version=5&version_type=external", "{}");
        await node.DeleteAsync("/t/_doc/1?version=7&version_type=external");

        var stale = await node.PutAsync("/t/_doc/1?version=6&version_type=external", "{}");

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("[1]: version conflict, current version [7] is higher or equal to the one provided [6]", (string?)stale.Body!["error"]!["reason"]);
    }

    [Fact]
    public async Task ExternalWrite_AfterGcDeletesExpired_IsAccepted()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/t", "{\"settings\":{\"index.gc_deletes\":\"50ms\"}}");
        await node.PutAsync("/t/_doc/1?version=5&version_type=external", "{}");
        await node.DeleteAsync("/t/_doc/1?version=7&version_type=external");
        await Task.Delay(150);

        var late = await node.PutAsync("/t/_doc/1?version=6&version_type=external", "{}");

        Assert.Equal(HttpStatusCode.Created, late.Status);
        Assert.Equal(6, (long)late.Body!["_version"]!);
    }

    [Fact]
    public async Task InternalIndex_AfterDelete_ContinuesVersionFromTombstone()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/t/_doc/1", "{}");
        var deleted = await node.DeleteAsync("/t/_doc/1");

        var recreated = await node.PutAsync("/t/_doc/1", "{}");

        Assert.Equal(2, (long)deleted.Body!["_version"]!);
        Assert.Equal(3, (long)recreated.Body!["_version"]!);
        Assert.Equal("created", (string?)recreated.Body["result"]);
    }
}
