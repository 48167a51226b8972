using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Cluster;

public sealed class MaintenanceAndStatsTests
{
    [Fact]
    public async Task Flush_CountsInStatsAndForceWithoutWaitIsRejected()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books", """{"settings":{"number_of_shards":2,"number_of_replicas":1}}""");

        var flushed = await node.PostAsync("/books/_flush");
        var rejected = await node.PostAsync("/books/_flush?force=true&wait_if_ongoing=false");
        var stats = await node.GetAsync("/books/_stats/flush");

        Assert.Equal(4, flushed.Body!["_shards"]!["total"]!.GetValue<int>());
        Assert.Equal(2, flushed.Body!["_shards"]!["successful"]!.GetValue<int>());
        Assert.Equal("Validation Failed: 1: wait_if_ongoing must be true for a force flush;", rejected.Body!["error"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, stats.Body!["indices"]!["books"]!["primaries"]!["flush"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ForceMerge_ExclusiveParametersRejectedAndAsyncReturnsATask()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books", "{}");

        var rejected = await node.PostAsync("/books/_forcemerge?max_num_segments=10&only_expunge_deletes=true");
        var started = await node.PostAsync("/_forcemerge?max_num_segments=1&wait_for_completion=false");
        var task = await node.GetAsync($"/_tasks/{started.Body!["task"]!.GetValue<string>()}?wait_for_completion=true");
        var stats = await node.GetAsync("/books/_stats/merge");

        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        Assert.Equal("action_request_validation_exception", rejected.Body!["error"]!["type"]!.GetValue<string>());
        Assert.Matches(@"^[\w-]+:\d+$", started.Body["task"]!.GetValue<string>());
        Assert.True(task.Body!["completed"]!.GetValue<bool>());
        Assert.Equal(1, stats.Body!["indices"]!["books"]!["primaries"]!["merges"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stats_MetricFilter_WritesOnlyTheNamedSectionsAndSuggestsForTypos()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books/_doc/1?refresh=true", """{"title":"a"}""");

        var some = await node.GetAsync("/_stats/store,get,merge");
        var typo = await node.GetAsync("/_stats/fieldata");
        var cluster = await node.GetAsync("/_stats?level=cluster");

        var total = some.Body!["_all"]!["total"]!.AsObject();
        Assert.Equal(new[] { "get", "merges", "store" }, total.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("request [/_stats/fieldata] contains unrecognized metric: [fieldata] -> did you mean [fielddata]?", typo.Body!["error"]!["reason"]!.GetValue<string>());
        Assert.Null(cluster.Body!["indices"]);
        Assert.Equal(1, cluster.Body!["_all"]!["total"]!["docs"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stats_FieldsParameter_ListsTheMatchingFieldsOfEachKind()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books", """{"mappings":{"properties":{"bar":{"type":"keyword"},"baz":{"type":"keyword"},"sugg":{"type":"completion"}}}}""");

        var stats = await node.GetAsync("/books/_stats/fielddata,completion?fields=ba*");
        var primaries = stats.Body!["indices"]!["books"]!["primaries"]!;

        Assert.Equal(new[] { "bar", "baz" }, primaries["fielddata"]!["fields"]!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Empty(primaries["completion"]!["fields"]!.AsObject());
    }

    [Fact]
    public async Task ClusterState_MetadataFilteredByIndexAndExpandWildcards()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/test_open", "{}");
        await node.PutAsync("/test_closed", "{}");
        await node.PostAsync("/test_closed/_close");

        var closedOnly = await node.GetAsync("/_cluster/state/metadata/test*?expand_wildcards=closed");
        var missing = await node.GetAsync("/_cluster/state/metadata/nothere?ignore_unavailable=false");
        var whole = await node.GetAsync("/_cluster/state");

        var indices = closedOnly.Body!["metadata"]!["indices"]!.AsObject();
        Assert.Equal(new[] { "test_closed" }, indices.Select(p => p.Key));
        Assert.Null(closedOnly.Body!["nodes"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(whole.Body!["master_node"]!.GetValue<string>(), whole.Body!["nodes"]!.AsObject().Single().Key);
        Assert.NotNull(whole.Body!["blocks"]!["indices"]!["test_closed"]!["4"]);
    }
}
