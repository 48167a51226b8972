using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class VersioningTests
{
    [Fact]
    public async Task ExternalGte_ConcurrentWritersWithDifferentVersions_HighestVersionWins()
    {
        await using var node = await TestNode.StartAsync();
        var versions = Enumerable.Range(1, 40).OrderBy(_ => Random.Shared.Next()).ToList();

        var results = await Task.WhenAll(versions.Select(v => node.PutAsync($"/race/_doc/1?version={v}&version_type=external_gte", $"{{\"v\":{v}}}")));

        var (_, doc) = await node.GetAsync("/race/_doc/1");
        Assert.Equal(40, (long)doc!["_version"]!);
        Assert.Equal(40, (int)doc["_source"]!["v"]!);
        Assert.All(results, r => Assert.Contains(r.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task ExternalGte_EqualVersion_IsAcceptedButLowerConflictsWithReason()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/v/_doc/1?version=5&version_type=external_gte", "{}");

        var equal = await node.PutAsync("/v/_doc/1?version=5&version_type=external_gte", "{}");
        var lower = await node.PutAsync("/v/_doc/1?version=4&version_type=external_gte", "{}");

        Assert.Equal(HttpStatusCode.OK, equal.Status);
        Assert.Equal(HttpStatusCode.Conflict, lower.Status);
        Assert.Equal("version_conflict_engine_exception", (string?)lower.Body!["error"]!["type"]);
        Assert.Equal("[1]: version conflict, current version [5] is higher than the one provided [4]", (string?)lower.Body["error"]!["reason"]);
    }

    [Fact]
    public async Task IfSeqNo_StaleSequenceNumber_ConflictsWithElasticsearchReason()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/cas/_doc/1", "{\"a\":1}");
        await node.PutAsync("/cas/_doc/1", "{\"a\":2}");

        var stale = await node.PutAsync("/cas/_doc/1?if_seq_no=0&if_primary_term=1", "{\"a\":3}");

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("[1]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]", (string?)stale.Body!["error"]!["reason"]);
    }

    [Fact]
    public async Task Create_ExistingDocument_ConflictsAndKeepsVersion()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/c/_create/1", "{}");

        var second = await node.PutAsync("/c/_create/1", "{}");

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("[1]: version conflict, document already exists (current version [1])", (string?)second.Body!["error"]!["reason"]);
    }
}
