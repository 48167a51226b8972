using Elastic.Clients.Elasticsearch;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Rolling;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>
/// Every request of a whole migration is accepted by an 8.x and a 9.x server under Elasticsearch's REST
/// compatibility rules, which the local node applies to Accept and Content-Type (400
/// media_type_header_exception otherwise): compatible-with=8 to 8.x, the client's own to 9.x. The
/// versions span the ways of asking for vectors back (nothing, the source filter option, the URL parameter).
/// </summary>
public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("8.17.0")]
    [InlineData("8.19.0")]
    [InlineData("9.0.0")]
    [InlineData("9.1.0")]
    [InlineData("9.3.0")]
    public async Task WholeMigration_IsAccepted_AndCopiesEveryVector(string version)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version });
        using var seed = new ClusterSeeder(node.Uri);
        await seed.CreateVectorIndexAsync("media-v1", "media", dims: 8);
        await seed.IndexDocumentsAsync("media-v1", 0, 50, dims: 8);
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }), force: false, logger: null, CancellationToken.None);

        var report = await new RollingReindex(new MigrationEngine(connection))
            .RunAsync(new RollingReindexOptions { Shadow = new ShadowIndexOptions { Alias = "media", Dimensions = 8 } }, MigrationObserver.None, CancellationToken.None);
        var aliases = await new CatApi(connection.Cluster).AliasNamesAsync(CancellationToken.None);
        var copied = await new DocumentsApi(connection.Cluster).MultiGetAsync(report.Target, new[] { "doc-7" }, withSource: true, includeVectors: true, CancellationToken.None);

        Assert.Equal(version, connection.Version);
        Assert.Equal(50, report.DocumentsMigrated);
        Assert.True(report.Parity?.Passed == true, "parity failed: the target's vectors differ from the source's");
        Assert.Contains("media", aliases);
        Assert.Equal(8, Assert.Single(copied).Source?["embedding"]?.AsArray().Count);
    }

    [Fact]
    public async Task ClientDefaults_AgainstAn8xServer_AreRejected_WhichIsWhyTheConnectionOverridesThem()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.17.0" });
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(node.Uri));

        var response = await client.Indices.CreateAsync("plain-client");

        Assert.Equal(400, response.ApiCallDetails.HttpStatusCode);
        Assert.Equal("media_type_header_exception", response.ElasticsearchServerError?.Error?.Type);
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
