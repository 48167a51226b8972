using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;

namespace VectorReindex.LocalNode.ClientTests;

/// <summary>
/// Issue 12, acceptance 2: the official .NET client 9.5.3, unchanged and with its defaults (gzip request
/// bodies, Accept-Encoding gzip, compatible-with=9 media types, as it sends them by default), runs a
/// migration against a 9.x node; against an 8.x node it
/// fails as a real 8.x server makes it fail, and passes once it sends compatible-with=8.
/// </summary>
public sealed class OfficialClientTests
{
    private static readonly string[] AllSteps =
    {
        "health", "create with alias", "bulk", "bulk all", "knn through alias", "sliced pit with search_after",
        "external_gte versions", "async reindex polled through tasks", "alias swap", "partial update and mget",
        "mapping and settings", "health of the new index",
    };

    private static ElasticsearchClient DefaultClient(LocalNodeServer node) => new(new ElasticsearchClientSettings(node.Uri));

    [Theory]
    [InlineData("9.3.0", true)]
    [InlineData("9.2.0", true)]
    [InlineData("9.1.0", false)]
    [InlineData("9.0.0", false)]
    public async Task Migration_On9x_WithClientDefaults_AllStepsPass(string version, bool vectorsLeftOutOfSource)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version });
        var scenario = new MigrationScenario(DefaultClient(node), configuration: null);

        await scenario.RunAsync(vectorsLeftOutOfSource);

        Assert.Equal(AllSteps, scenario.Passed);
    }

    [Theory]
    [InlineData("8.17.0")]
    [InlineData("8.19.0")]
    public async Task On8x_ClientDefaults_FailAsElasticsearch8RejectsCompatibleWith9(string version)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version });
        var client = DefaultClient(node);

        var health = await client.Cluster.HealthAsync(new HealthRequest());
        var create = await client.Indices.CreateAsync(new Elastic.Clients.Elasticsearch.IndexManagement.CreateIndexRequest("products-v1"));

        foreach (ElasticsearchResponse response in new ElasticsearchResponse[] { health, create })
        {
            Assert.False(response.IsValidResponse);
            Assert.Equal(400, response.ApiCallDetails.HttpStatusCode);
            var error = response.ElasticsearchServerError?.Error;
            Assert.Equal("media_type_header_exception", error?.Type);
            Assert.Equal("status_exception", error?.CausedBy?.Type);
            Assert.StartsWith("Accept version must be either version 8 or 7, but found 9.", error?.CausedBy?.Reason);
        }
        Assert.False((await client.Indices.ExistsAsync("products-v1")).Exists);
    }

    [Theory]
    [InlineData("8.17.0")]
    [InlineData("8.19.0")]
    public async Task Migration_On8x_WithCompatibleWith8MediaTypes_AllStepsPass(string version)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version });
        var compatible8 = new RequestConfiguration
        {
            Accept = "application/vnd.elasticsearch+json;compatible-with=8",
            ContentType = "application/vnd.elasticsearch+json;compatible-with=8",
        };
        var scenario = new MigrationScenario(DefaultClient(node), compatible8);

        await scenario.RunAsync(vectorsLeftOutOfSource: false);

        Assert.Equal(AllSteps, scenario.Passed);
    }
}
