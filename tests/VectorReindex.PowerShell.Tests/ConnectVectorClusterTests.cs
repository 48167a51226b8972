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
        Assert.StartsWith("8.", (string)connection.Properties["Version"].Value);
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
        Assert.StartsWith("NotElasticsearch,", error.FullyQualifiedErrorId);
        Assert.Contains(server.Uri.ToString(), error.Exception.Message);
        Assert.Contains("-Force", error.Exception.Message);
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

        Assert.StartsWith("UnsupportedElasticsearchVersion,", result.TerminatingError?.FullyQualifiedErrorId);
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
        Assert.StartsWith("ClusterUnreachable,", error!.FullyQualifiedErrorId);
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
        Assert.StartsWith("AuthenticationFailed,", error!.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains(node.Uri.ToString(), error.Exception.Message);
        Assert.Contains("-Credential", error.Exception.Message);
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

        Assert.StartsWith("CredentialsInUri,", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.DoesNotContain("hunter2", result.AllText());
    }
}
