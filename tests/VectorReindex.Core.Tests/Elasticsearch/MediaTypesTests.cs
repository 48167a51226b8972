using VectorReindex.Core.Engine;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Rolling;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>
/// Every request of a whole migration is accepted under Elasticsearch's REST compatibility rules
/// by an 8.x and by a 9.x server: compatible-with=8 to 8.x, the client's own (compatible-with=9) to 9.x.
/// </summary>
public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("8.17.0", 8)]
    [InlineData("9.0.0", 9)]
    public async Task WholeMigration_EveryRequestCarriesTheServersCompatibleVersion_AndNoneIsRejected(string version, int expectedCompatibleWith)
    {
        // The node presents the proxy's version too: it validates media types itself now.
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version });
        await using var proxy = await MediaTypeCheckingProxy.StartAsync(node.Uri, version);
        using var seed = new ClusterSeeder(node.Uri);
        await seed.CreateVectorIndexAsync("media-v1", "media", dims: 8);
        await seed.IndexDocumentsAsync("media-v1", 0, 50, dims: 8);
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { proxy.Uri }), force: false, logger: null, CancellationToken.None);

        var report = await new RollingReindex(new MigrationEngine(connection))
            .RunAsync(new RollingReindexOptions { Shadow = new ShadowIndexOptions { Alias = "media", Dimensions = 8 } }, MigrationObserver.None, CancellationToken.None);
        var aliases = await new CatApi(connection.Cluster).AliasNamesAsync(CancellationToken.None);

        Assert.Empty(proxy.Rejections);
        Assert.Equal(50, report.DocumentsMigrated);
        Assert.Contains("media", aliases);
        var afterConnect = proxy.Requests.Skip(1).ToList();
        Assert.Contains(afterConnect, r => r.StartsWith("POST /_bulk", StringComparison.Ordinal));
        Assert.Contains(afterConnect, r => r.StartsWith("POST /_search", StringComparison.Ordinal));
        Assert.All(afterConnect, r => Assert.Contains("compatible-with=" + expectedCompatibleWith, r.Split(" | ")[1].Replace(" ", "")));
        var bulk = afterConnect.First(r => r.StartsWith("POST /_bulk", StringComparison.Ordinal)).Split(" | ");
        Assert.Equal("application/vnd.elasticsearch+x-ndjson;compatible-with=" + expectedCompatibleWith, bulk[2].Replace(" ", ""));
    }

    [Fact]
    public async Task ClientDefaults_AgainstAn8xServer_AreRejected_WhichIsWhyTheConnectionOverridesThem()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.17.0" });
        await using var proxy = await MediaTypeCheckingProxy.StartAsync(node.Uri, "8.17.0");
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(proxy.Uri));

        var response = await client.Indices.CreateAsync("plain-client");

        Assert.Equal(400, response.ApiCallDetails.HttpStatusCode);
        Assert.Equal("media_type_header_exception", response.ElasticsearchServerError?.Error?.Type);
        Assert.Contains(proxy.Rejections, r => r.Contains("Accept version must be either version 8 or 7, but found 9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("8.17.0", "compatible-with=8")]
    [InlineData("8.19.3", "compatible-with=8")]
    [InlineData("9.2.0", null)]
    public void MediaTypes_FollowTheServerMajor(string version, string? explicitVersion)
    {
        var media = ClusterCapabilities.For(ServerVersion.Parse(version)).MediaTypes;

        if (explicitVersion == null)
        {
            Assert.True(media.IsClientDefault);
            Assert.DoesNotContain("compatible-with", media.Json);
        }
        else
        {
            Assert.Contains(explicitVersion, media.Json);
            Assert.Contains(explicitVersion, media.NdJson);
            Assert.StartsWith("application/vnd.elasticsearch+x-ndjson", media.NdJson);
        }
    }

    [Theory]
    [InlineData("8.17.0", VectorsInSource.Always, false)]
    [InlineData("8.19.0", VectorsInSource.SourceFilterOption, false)]
    [InlineData("9.0.1", VectorsInSource.Always, false)]
    [InlineData("9.1.4", VectorsInSource.SourceFilterOption, false)]
    [InlineData("9.2.0", VectorsInSource.QueryParameter, false)]
    [InlineData("9.3.0", VectorsInSource.QueryParameter, true)]
    public void Capabilities_FollowTheServerVersion(string version, VectorsInSource vectors, bool base64AndBFloat16)
    {
        var capabilities = ClusterCapabilities.For(ServerVersion.Parse(version));

        Assert.Equal(vectors, capabilities.VectorsInSource);
        Assert.Equal(base64AndBFloat16, capabilities.Base64Vectors);
        Assert.Equal(base64AndBFloat16, capabilities.BFloat16Vectors);
    }
}
