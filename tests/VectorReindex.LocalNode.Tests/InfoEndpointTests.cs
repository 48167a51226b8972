using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

public sealed class InfoEndpointTests
{
    [Fact]
    public async Task GetRoot_AnswersAsTheDefaultVersion()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = node.Uri };

        using var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Elasticsearch", Assert.Single(response.Headers.GetValues("X-Elastic-Product")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(LocalNodeOptions.DefaultEsVersion, body.RootElement.GetProperty("version").GetProperty("number").GetString());
        Assert.Equal("You Know, for Search", body.RootElement.GetProperty("tagline").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("cluster_uuid").GetString()));
    }

    [Fact]
    public async Task HeadRoot_HasNoBody()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var http = new HttpClient { BaseAddress = node.Uri };

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("elastic:wrong", HttpStatusCode.Unauthorized)]
    [InlineData("elastic:changeme", HttpStatusCode.OK)]
    public async Task BasicAuth_WhenEnabled_IsEnforced(string? credentials, HttpStatusCode expected)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, User = "elastic", Password = "changeme" });
        using var http = new HttpClient { BaseAddress = node.Uri };
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (credentials != null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public void Parse_UnknownOption_NamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => LocalNodeOptions.Parse(new[] { "--prot", "9200" }));
        Assert.Contains("--prot", ex.Message);
    }
}
