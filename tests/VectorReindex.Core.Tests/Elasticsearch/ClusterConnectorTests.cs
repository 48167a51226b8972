using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.LocalNode;

namespace VectorReindex.Core.Tests.Elasticsearch;

public sealed class ClusterConnectorTests
{
    [Fact]
    public async Task Connect_LocalNode_ReadsClusterInfo()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });

        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }), force: false, logger: null, CancellationToken.None);

        Assert.Equal("vectorreindex-local", connection.ClusterName);
        Assert.Equal(node.PresentedVersion, connection.Version);
        Assert.Equal("none", connection.Authentication);
        Assert.Equal(node.Uri, Assert.Single(connection.Uris));
    }

    [Fact]
    public void Credentials_ToString_NeverShowsSecret()
    {
        Assert.DoesNotContain("pw123", ClusterCredentials.Basic("elastic", "pw123").ToString());
        Assert.DoesNotContain("Zx9-secret", ClusterCredentials.Bearer("Zx9-secret").ToString());
    }

    [Fact]
    public void Settings_UriWithUserInfo_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ConnectionSettings(new[] { new Uri("http://u:p@127.0.0.1:9200") }));
        Assert.DoesNotContain("u:p", ex.Message);
    }
}
