using System.Diagnostics;
using System.Net.Http;
using Elastic.Clients.Elasticsearch;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>The retry policy over the official client's cluster, against a fault-injecting endpoint: what is retried, and that retries are bounded.</summary>
public sealed class ElasticsearchClusterRetryTests
{
    private static ConnectionSettings Settings(Uri uri, int maxRetries = 5, double maxRetrySeconds = 30) => Settings(new[] { uri }, maxRetries, maxRetrySeconds);

    private static ConnectionSettings Settings(Uri[] uris, int maxRetries = 5, double maxRetrySeconds = 30)
    {
        var settings = new ConnectionSettings(uris) { MaxRetries = maxRetries };
        settings.Retry.MaxRetryTime = TimeSpan.FromSeconds(maxRetrySeconds);
        settings.Retry.InitialBackoff = TimeSpan.FromMilliseconds(20);
        settings.Retry.MaxBackoff = TimeSpan.FromMilliseconds(200);
        return settings;
    }

    /// <summary>A cluster over <paramref name="settings"/> whose version is taken as known (8.17), so the script serves only the calls under test.</summary>
    private static ElasticsearchCluster Cluster(ConnectionSettings settings)
    {
        var trust = new ServerCertificateTrust(settings.SkipCertificateCheck, settings.CertificateFingerprint, settings.CertificateAuthorityPath);
        var clientSettings = ClusterConnector.BuildClientSettings(settings, trust);
        return new ElasticsearchCluster(new ElasticsearchClient(clientSettings), new ServerInfo("scripted", "uuid", "node", "8.17.0"),
            new RetryPolicy(settings.Retry), owned: clientSettings);
    }

    private static ElasticsearchRequest Get() => new(HttpMethod.Get, "/products/_doc/1");

    [Fact]
    public async Task Send_429ThenSuccess_IsRetriedAndSucceeds()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(429, "es_rejected_execution_exception", "rejected execution"), ScriptedResponse.Ok("""{"found":true}"""));
        using var cluster = Cluster(Settings(server.Uri));

        var response = await cluster.SendAsync(Get(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Send_GatewayErrorThenSuccess_IsRetried(int status)
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(status, "gateway", "upstream"), ScriptedResponse.Ok());
        using var cluster = Cluster(Settings(server.Uri));

        var response = await cluster.SendAsync(Get(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Send_400_IsNotRetried_AndCarriesElasticsearchError()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(400, "mapper_parsing_exception", "failed to parse field [embedding]"), ScriptedResponse.Ok());
        using var cluster = Cluster(Settings(server.Uri));

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => cluster.SendAsync(Get(), CancellationToken.None));

        Assert.Single(server.Requests);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("mapper_parsing_exception", ex.ErrorType);
        Assert.Equal("failed to parse field [embedding]", ex.Reason);
        Assert.Equal("mapper_parsing_exception", Assert.Single(ex.RootCause).Type);
        Assert.Equal("GET", ex.Method);
        Assert.Equal("/products/_doc/1", ex.Path);
        Assert.Contains("failed to parse field [embedding]", ex.Message);
    }

    [Fact]
    public async Task Send_Always503_StopsAfterMaxRetries_AndReturnsTheLastAnswer()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Error(503, "unavailable_shards_exception", "no shard available");
        using var cluster = Cluster(Settings(server.Uri, maxRetries: 3));

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => cluster.SendAsync(Get(), CancellationToken.None));

        Assert.Equal(4, server.Requests.Count); // the first attempt and three retries
        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task Send_Always429_StopsWhenTotalBackoffBudgetIsSpent()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Error(429, "es_rejected_execution_exception", "rejected");
        var settings = Settings(server.Uri, maxRetries: 1000, maxRetrySeconds: 1);
        settings.Retry.InitialBackoff = TimeSpan.FromMilliseconds(100);
        settings.Retry.MaxBackoff = TimeSpan.FromMilliseconds(400);
        using var cluster = Cluster(settings);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => cluster.SendAsync(Get(), CancellationToken.None));

        Assert.Equal(429, ex.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.InRange(server.Requests.Count, 2, 20);
    }

    [Fact]
    public async Task Send_RetryAfterHeader_IsHonoured()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(ScriptedResponse.Error(429, "es_rejected_execution_exception", "rejected", retryAfter: "1"), ScriptedResponse.Ok());
        using var cluster = Cluster(Settings(server.Uri));
        var clock = Stopwatch.StartNew();

        await cluster.SendAsync(Get(), CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.ElapsedMilliseconds} ms, not after Retry-After: 1");
    }

    [Fact]
    public async Task Send_FirstNodeClosed_FailsOverToNextNode()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Ok();
        var settings = Settings(new[] { ClosedPort.Uri(), server.Uri });
        settings.Retry.InitialBackoff = TimeSpan.FromMilliseconds(10);
        using var cluster = Cluster(settings);

        for (var i = 0; i < 4; i++)
            Assert.Equal(200, (await cluster.SendAsync(Get(), CancellationToken.None)).StatusCode);

        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Send_ClosedPort_IsConnectionFailure_AfterBoundedRetries()
    {
        var closed = ClosedPort.Uri();
        using var cluster = Cluster(Settings(closed, maxRetries: 2));

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => cluster.SendAsync(Get(), CancellationToken.None));

        Assert.Equal(ElasticsearchFailure.Connection, ex.Failure);
        Assert.Null(ex.StatusCode);
        Assert.Contains(closed.ToString(), ex.Message);
    }

    [Fact]
    public async Task Send_Cancelled_WhileBackingOff_StopsPromptly()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Error(429, "es_rejected_execution_exception", "rejected", retryAfter: "30");
        using var cluster = Cluster(Settings(server.Uri, maxRetrySeconds: 120));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.SendAsync(Get(), cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Send_Timeout_IsTimeoutFailure()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Hanging();
        var settings = Settings(server.Uri, maxRetries: 0);
        settings.RequestTimeout = TimeSpan.FromMilliseconds(200);
        using var cluster = Cluster(settings);

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => cluster.SendAsync(Get(), CancellationToken.None));

        Assert.Equal(ElasticsearchFailure.Timeout, ex.Failure);
    }

    [Fact]
    public async Task Send_WithApiKey_SendsAuthorizationHeader()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Ok();
        var settings = Settings(server.Uri);
        settings.Credentials = ClusterCredentials.ApiKey("id1:key1");
        using var cluster = Cluster(settings);

        await cluster.SendAsync(Get(), CancellationToken.None);

        Assert.Equal("ApiKey " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("id1:key1")), Assert.Single(server.AuthorizationHeaders));
        Assert.DoesNotContain("key1", settings.Credentials.ToString());
    }
}
