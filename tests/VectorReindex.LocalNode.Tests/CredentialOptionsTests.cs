using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class CredentialOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vr-cred-").FullName;

    [Fact]
    public void PasswordFile_FirstLineIsTheElasticUsersPassword()
    {
        var file = Path.Combine(_folder, "password");
        File.WriteAllText(file, "s3cret\nignored\n");

        var options = LocalNodeOptions.Parse(new[] { "--password-file", file }, _ => null);

        Assert.Equal("elastic", options.User);
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.AuthenticationEnabled);
        Assert.DoesNotContain(options.StartupWarnings(), w => w.Contains("--password"));
    }

    [Fact]
    public void EnvironmentVariables_GiveCredentialsWhenArgvDoesNot()
    {
        var env = new Dictionary<string, string> { ["LOCALNODE_USER"] = "ops", ["LOCALNODE_PASSWORD"] = "pw", ["LOCALNODE_API_KEY"] = "a2V5" };

        var options = LocalNodeOptions.Parse(Array.Empty<string>(), name => env.GetValueOrDefault(name));

        Assert.Equal(("ops", "pw", "a2V5"), (options.User, options.Password, options.ApiKey));
    }

    [Fact]
    public void ElasticPassword_AsElasticsearchsDockerImageTakesIt()
    {
        var options = LocalNodeOptions.Parse(Array.Empty<string>(), name => name == "ELASTIC_PASSWORD" ? "changeme" : null);

        Assert.Equal(("elastic", "changeme"), (options.User, options.Password));
    }

    [Fact]
    public void EmptyPasswordFile_IsRejectedNamingTheOption()
    {
        var file = Path.Combine(_folder, "empty");
        File.WriteAllText(file, "");

        var ex = Assert.Throws<ArgumentException>(() => LocalNodeOptions.Parse(new[] { "--password-file", file }, _ => null));

        Assert.Contains("--password-file", ex.Message);
    }

    [Fact]
    public void UserWithoutPassword_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => LocalNodeOptions.Parse(new[] { "--user", "ops" }, _ => null));
        Assert.Contains("--password-file", ex.Message);
    }

    [Fact]
    public void PasswordOnArgv_Warns()
    {
        var options = LocalNodeOptions.Parse(new[] { "--password", "pw" }, _ => null);

        Assert.Contains(options.StartupWarnings(), w => w.Contains("--password is readable by every local user"));
    }

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("192.168.1.20", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("localhost", false)]
    [InlineData("::1", false)]
    public void NonLoopbackWithoutAuth_Warns(string host, bool warns)
    {
        var options = LocalNodeOptions.Parse(new[] { "--host", host }, _ => null);

        Assert.Equal(warns, options.StartupWarnings().Any(w => w.Contains("without authentication")));
    }

    [Fact]
    public void NonLoopbackWithAuth_DoesNotWarn()
    {
        var options = LocalNodeOptions.Parse(new[] { "--host", "0.0.0.0" }, name => name == "LOCALNODE_PASSWORD" ? "pw" : null);

        Assert.Empty(options.StartupWarnings());
    }

    [Theory]
    [InlineData("elastic:s3cret", HttpStatusCode.OK)]
    [InlineData("elastic:s3cres", HttpStatusCode.Unauthorized)]
    [InlineData("elastic:s3cret-and-more", HttpStatusCode.Unauthorized)]
    [InlineData("elastic:", HttpStatusCode.Unauthorized)]
    public async Task PasswordFromFile_IsEnforced(string credentials, HttpStatusCode expected)
    {
        var file = Path.Combine(_folder, "password");
        File.WriteAllText(file, "s3cret\n");
        await using var node = await LocalNodeServer.StartAsync(LocalNodeOptions.Parse(new[] { "--port", "0", "--password-file", file }, _ => null));
        using var http = new HttpClient { BaseAddress = node.Uri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("a2V5OnNlY3JldA==", HttpStatusCode.OK)]
    [InlineData("a2V5OnNlY3JldB==", HttpStatusCode.Unauthorized)]
    public async Task ApiKey_IsEnforced(string key, HttpStatusCode expected)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, ApiKey = "a2V5OnNlY3JldA==" });
        using var http = new HttpClient { BaseAddress = node.Uri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
