using System.Net;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Cluster;

public sealed class IndexStateTests
{
    [Fact]
    public async Task Close_ThenSearchGetAndWrite_AnswerIndexClosedException()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books/_doc/1?refresh=true", """{"title":"a"}""");

        var closed = await node.PostAsync("/books/_close");
        var search = await node.PostAsync("/books/_search");
        var get = await node.GetAsync("/books/_doc/1");
        var write = await node.PutAsync("/books/_doc/2", """{"title":"b"}""");

        Assert.Equal(HttpStatusCode.OK, closed.Status);
        Assert.True(closed.Body!["indices"]!["books"]!["closed"]!.GetValue<bool>());
        foreach (var (status, body) in new[] { search, get, write })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("index_closed_exception", body!["error"]!["type"]!.GetValue<string>());
            Assert.Equal("books", body["error"]!["index"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Close_WildcardSearch_SkipsTheClosedIndexAndIgnoreUnavailableSkipsItByName()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/logs-a/_doc/1?refresh=true", """{"n":1}""");
        await node.PutAsync("/logs-b/_doc/1?refresh=true", """{"n":2}""");
        await node.PostAsync("/logs-b/_close");

        var wildcard = await node.PostAsync("/logs-*/_search");
        var named = await node.PostAsync("/logs-a,logs-b/_search?ignore_unavailable=true");

        Assert.Equal(1, wildcard.Body!["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal(1, named.Body!["hits"]!["total"]!["value"]!.GetValue<int>());
    }

    [Fact]
    public async Task Close_MetadataApis_StillShowTheIndexWithItsState()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/shelf", """{"settings":{"number_of_replicas":0}}""");
        await node.PostAsync("/shelf/_close");

        var settings = await node.GetAsync("/shelf/_settings");
        var wildcardOpen = await node.GetAsync("/shel*?expand_wildcards=open");
        var wildcardClosed = await node.GetAsync("/shel*?expand_wildcards=closed");
        var state = await node.GetAsync("/_cluster/state/metadata/shelf");
        var cat = await node.SendAsync(HttpMethod.Get, "/_cat/indices?format=json&h=index,status");

        Assert.Equal("true", settings.Body!["shelf"]!["settings"]!["index"]!["verified_before_close"]!.GetValue<string>());
        Assert.Null(wildcardOpen.Body!["shelf"]);
        Assert.NotNull(wildcardClosed.Body!["shelf"]);
        Assert.Equal("close", state.Body!["metadata"]!["indices"]!["shelf"]!["state"]!.GetValue<string>());
        Assert.Equal("close", cat.Body!.AsArray().Single(r => r!["index"]!.GetValue<string>() == "shelf")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_AfterClose_ServesTheDocumentsAgainWithoutTheVerifiedSetting()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books/_doc/1?refresh=true", """{"title":"a"}""");
        await node.PostAsync("/books/_close");

        var opened = await node.PostAsync("/books/_open");
        var get = await node.GetAsync("/books/_doc/1");
        var settings = await node.GetAsync("/books/_settings");

        Assert.True(opened.Body!["shards_acknowledged"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Null(settings.Body!["books"]!["settings"]!["index"]!["verified_before_close"]);
    }

    [Fact]
    public async Task Close_StaticSetting_CanChangeOnlyWhileClosed()
    {
        await using var node = await TestNode.StartAsync();
        await node.PutAsync("/books", "{}");

        var whileOpen = await node.PutAsync("/books/_settings", """{"index.codec":"best_compression"}""");
        await node.PostAsync("/books/_close");
        var whileClosed = await node.PutAsync("/books/_settings", """{"index.codec":"best_compression"}""");

        Assert.Equal(HttpStatusCode.BadRequest, whileOpen.Status);
        Assert.Equal(HttpStatusCode.OK, whileClosed.Status);
    }

    [Fact]
    public async Task Close_WithDataDirectory_StaysClosedAfterRestart()
    {
        var data = Path.Combine(Path.GetTempPath(), "vr-close-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var node = await TestNode.StartAsync(data))
            {
                await node.PutAsync("/books/_doc/1", """{"title":"a"}""");
                await node.PostAsync("/books/_close");
            }
            await using var restarted = await TestNode.StartAsync(data);

            var search = await restarted.PostAsync("/books/_search");
            await restarted.PostAsync("/books/_open");
            var get = await restarted.GetAsync("/books/_doc/1");

            Assert.Equal("index_closed_exception", search.Body!["error"]!["type"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, get.Status);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Create_WaitForActiveShardsAllWithReplicas_ShardsNotAcknowledgedAfterTimeout()
    {
        await using var node = await TestNode.StartAsync();

        var all = await node.PutAsync("/replicated?wait_for_active_shards=all&timeout=10ms", """{"settings":{"number_of_replicas":1}}""");
        var one = await node.PutAsync("/single?wait_for_active_shards=1", "{}");
        var bad = await node.PutAsync("/bad?wait_for_active_shards=-2", "{}");

        Assert.False(all.Body!["shards_acknowledged"]!.GetValue<bool>());
        Assert.True(one.Body!["shards_acknowledged"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("shardCount cannot be negative", bad.Body!["error"]!["reason"]!.GetValue<string>());
    }
}
