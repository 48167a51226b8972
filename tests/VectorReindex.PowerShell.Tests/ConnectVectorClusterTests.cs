using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

public sealed class ConnectVectorClusterTests : IClassFixture<ModuleFixture>
{
    private const string Password = "s3cret-Pa55word!";
    private readonly ModuleFixture _fixture;

    public ConnectVectorClusterTests(ModuleFixture fixture) => _fixture = fixture;

    private static Dictionary<string, object?> Vars(params (string, object?)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Connect_LocalNode_ReturnsConnectionAndSetsSessionDefault()
    {
        var result = _fixture.Host.Run("""
            $c = Connect-VectorCluster -Uri $uri
            $c
            Get-VectorCluster
            """, Vars(("uri", _fixture.Node.Uri))).AssertNoErrors();

        Assert.Equal(2, result.Output.Count);
        var connection = result.Output[0];
        Assert.Equal("vectorreindex-local", connection.Properties["ClusterName"].Value);
        Assert.Equal(LocalNodeOptions.DefaultEsVersion, (string)connection.Properties["Version"].Value);
        Assert.False(string.IsNullOrEmpty((string)connection.Properties["ClusterUuid"].Value));
        Assert.Same(connection.BaseObject, result.Output[1].BaseObject);
    }

    [Fact]
    public void Disconnect_ClearsSessionDefault()
    {
        var result = _fixture.Host.Run("""
            Connect-VectorCluster -Uri $uri | Out-Null
            Disconnect-VectorCluster
            @(Get-VectorCluster).Count
            """, Vars(("uri", _fixture.Node.Uri))).AssertNoErrors();

        Assert.Equal(0, (int)result.Output.Last().BaseObject);
    }

    [Fact]
    public async Task Connect_ServerThatIsNotElasticsearch_FailsWithNotElasticsearch()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.NotElasticsearch();

        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri", Vars(("uri", server.Uri)));

        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.Equal("NotElasticsearch,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", error.FullyQualifiedErrorId);
        Assert.Contains(server.Uri.ToString(), error.Exception.Message);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("-Force", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Connect_ServerThatIsNotElasticsearch_WithForce_Connects()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.NotElasticsearch();

        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri -Force", Vars(("uri", server.Uri))).AssertNoErrors();

        Assert.Single(result.Output);
    }

    [Fact]
    public async Task Connect_Elasticsearch7_FailsWithUnsupportedVersion()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Elasticsearch("7.17.9");

        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri", Vars(("uri", server.Uri)));

        Assert.Equal("UnsupportedElasticsearchVersion,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("7.17.9", result.TerminatingError!.Exception.Message);
        Assert.Contains(server.Uri.ToString(), result.TerminatingError.Exception.Message);
    }

    [Fact]
    public void Connect_ClosedPort_FailsWithClusterUnreachable_NamingUriAndFix()
    {
        var closed = ClosedPort.Uri();

        var result = _fixture.Host.Run("Connect-VectorCluster -Uri $uri -MaxRetries 0", Vars(("uri", closed)));

        var error = result.TerminatingError;
        Assert.NotNull(error);
        Assert.Equal("ClusterUnreachable,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", error!.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains(closed.ToString(), error.Exception.Message);
        Assert.Contains("Check that the address and port are right", error.Exception.Message);
    }

    [Fact]
    public async Task Connect_WrongPassword_FailsWithAuthenticationFailed_AndPasswordAppearsNowhere()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, User = "elastic", Password = "right-password" });

        var result = _fixture.Host.Run("""
            $DebugPreference = 'Continue'
            $cred = [pscredential]::new('elastic', [System.Net.NetworkCredential]::new('', $password).SecurePassword)
            Connect-VectorCluster -Uri $uri -Credential $cred -Verbose
            """, Vars(("uri", node.Uri), ("password", Password)));

        var error = result.TerminatingError;
        Assert.NotNull(error);
        Assert.Equal("AuthenticationFailed,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", error!.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains(node.Uri.ToString(), error.Exception.Message);
        Assert.Contains("-Credential", error.ErrorDetails.RecommendedAction);
        Assert.NotEmpty(result.Debug);
        Assert.DoesNotContain(Password, result.AllText());
    }

    [Fact]
    public async Task Connect_RightPassword_SucceedsAndPasswordAppearsNowhere()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, User = "elastic", Password = Password });

        var result = _fixture.Host.Run("""
            $DebugPreference = 'Continue'
            $cred = [pscredential]::new('elastic', [System.Net.NetworkCredential]::new('', $password).SecurePassword)
            $c = Connect-VectorCluster -Uri $uri -Credential $cred -Verbose
            $c
            $c.ToString()
            $c.Cluster.ToString()
            $c.Cluster.Server.ToString()
            $c.Cluster.Capabilities.ToString()
            $c.Cluster.Client.ElasticsearchClientSettings.Authentication.ToString()
            """, Vars(("uri", node.Uri), ("password", Password))).AssertNoErrors();

        Assert.Equal("basic (user elastic)", result.Output[0].Properties["Authentication"].Value);
        Assert.NotEmpty(result.Verbose);
        var text = result.AllText();
        Assert.DoesNotContain(Password, text);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("elastic:" + Password)), text);
    }

    [Fact]
    public void Connect_UriWithCredentials_IsRefusedBeforeAnyRequest()
    {
        var result = _fixture.Host.Run("Connect-VectorCluster -Uri 'http://elastic:hunter2@127.0.0.1:9/'");

        Assert.Equal("CredentialsInUri,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.DoesNotContain("hunter2", result.AllText());
    }

    [Fact]
    public async Task Connect_WithCallersClient_RunsAWholeMigrationThroughIt()
    {
        var alias = "given-client-" + Guid.NewGuid().ToString("N")[..8];
        using var seed = new ClusterSeeder(_fixture.Node.Uri);
        await seed.CreateVectorIndexAsync(alias + "-v1", alias, 8);
        await seed.IndexDocumentsAsync(alias + "-v1", 0, 120, 8);

        var result = _fixture.Host.Run("""
            # On PowerShell 7 the client's assembly lives in the module's private load context: build from its types.
            $elastic = (Connect-VectorCluster -Uri $uri).Cluster.Client.GetType().Assembly
            $settings = $elastic.GetType('Elastic.Clients.Elasticsearch.ElasticsearchClientSettings')::new([uri]$uri)
            $client = $elastic.GetType('Elastic.Clients.Elasticsearch.ElasticsearchClient')::new($settings)
            $c = Connect-VectorCluster -Client $client
            [object]::ReferenceEquals($c.Cluster.Client, $client)
            Invoke-RollingReindex -Alias $alias -Dimensions 8 -Cluster $c
            """, Vars(("uri", _fixture.Node.Uri), ("alias", alias))).AssertNoErrors();

        Assert.True((bool)result.Output[0].BaseObject, "the connection does not use the given client");
        var report = result.Output[1];
        Assert.Equal(120L, Convert.ToInt64(report.Properties["DocumentsMigrated"].Value));
        Assert.Equal(true, (await seed.AliasAsync(alias))[alias + "-v2"]);
    }

    [Fact]
    public void Connect_WithSomethingThatIsNotAClient_IsRefused()
    {
        var result = _fixture.Host.Run("Connect-VectorCluster -Client 'http://127.0.0.1:9200'");

        Assert.Equal("InvalidClient,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand", result.TerminatingError?.FullyQualifiedErrorId);
    }
}
