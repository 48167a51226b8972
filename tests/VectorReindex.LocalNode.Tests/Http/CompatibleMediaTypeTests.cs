using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Http;

/// <summary>Elasticsearch's REST API compatibility rules for Accept and Content-Type (RestCompatibleVersionHelper).</summary>
public sealed class CompatibleMediaTypeTests
{
    private static string Vendor(int version) => $"application/vnd.elasticsearch+json;compatible-with={version}";

    private static async Task<(HttpStatusCode Status, JsonNode? Body, string? ContentType)> SendAsync(TestNode node, HttpMethod method, string path, string? body, string? accept, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accept != null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        if (body != null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType != null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await node.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("9.3.0", 9)]
    [InlineData("9.3.0", 8)]
    [InlineData("8.17.0", 8)]
    [InlineData("8.17.0", 7)]
    public async Task CompatibleVersion_CurrentOrPreviousMajor_IsServedInThatMediaType(string esVersion, int compatibleWith)
    {
        await using var node = await TestNode.StartAsync(esVersion: esVersion);

        var (status, body, contentType) = await SendAsync(node, HttpMethod.Put, "/books", """{"settings":{"number_of_replicas":0}}""", Vendor(compatibleWith), Vendor(compatibleWith));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body!["acknowledged"]!);
        Assert.Equal($"application/vnd.elasticsearch+json; compatible-with={compatibleWith}", contentType);
    }

    [Fact]
    public async Task PlainJson_IsAnsweredAsPlainJson()
    {
        await using var node = await TestNode.StartAsync();

        var (status, _, contentType) = await SendAsync(node, HttpMethod.Get, "/", null, "application/json", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
    }

    [Fact]
    public async Task Node8_CompatibleWith9_IsRejectedAsElasticsearch8RejectsIt()
    {
        await using var node = await TestNode.StartAsync(esVersion: "8.17.0");

        var (status, body, _) = await SendAsync(node, HttpMethod.Put, "/books", "{}", Vendor(9), Vendor(9));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("media_type_header_exception", (string?)body!["error"]!["type"]);
        Assert.Equal("media_type_header_exception", (string?)body["error"]!["root_cause"]![0]!["type"]);
        Assert.Equal("Invalid media-type value on headers [Content-Type, Accept]", (string?)body["error"]!["reason"]);
        Assert.Equal("status_exception", (string?)body["error"]!["caused_by"]!["type"]);
        Assert.Equal($"Accept version must be either version 8 or 7, but found 9. Accept={Vendor(9)}", (string?)body["error"]!["caused_by"]!["reason"]);
        Assert.Equal(400, (int)body["status"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await node.GetAsync("/books")).Status);
    }

    [Fact]
    public async Task Node9_CompatibleWith7_IsRejected()
    {
        await using var node = await TestNode.StartAsync();

        var (status, body, _) = await SendAsync(node, HttpMethod.Get, "/", null, Vendor(7), null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"Accept version must be either version 9 or 8, but found 7. Accept={Vendor(7)}", (string?)body!["error"]!["caused_by"]!["reason"]);
    }

    [Fact]
    public async Task WithBody_MismatchedVersions_AreRejected()
    {
        await using var node = await TestNode.StartAsync();

        var (status, body, _) = await SendAsync(node, HttpMethod.Put, "/books", "{}", Vendor(9), Vendor(8));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept={Vendor(9)}, Content-Type={Vendor(8)}",
            (string?)body!["error"]!["caused_by"]!["reason"]);
    }

    [Fact]
    public async Task WithBody_VersionOnOneHeaderOnly_IsRejected()
    {
        await using var node = await TestNode.StartAsync();

        var (status, body, _) = await SendAsync(node, HttpMethod.Put, "/books", "{}", Vendor(9), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept={Vendor(9)}, Content-Type=application/json",
            (string?)body!["error"]!["caused_by"]!["reason"]);
    }

    [Fact]
    public async Task WithoutBody_ContentTypeIsIgnored()
    {
        await using var node = await TestNode.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept", Vendor(8));

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MalformedAccept_NamesTheHeader()
    {
        await using var node = await TestNode.StartAsync();

        var (status, body, _) = await SendAsync(node, HttpMethod.Get, "/", null, "json", null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Invalid media-type value on headers [Accept]", (string?)body!["error"]!["reason"]);
        Assert.Equal("invalid media-type [json]", (string?)body["error"]!["caused_by"]!["reason"]);
    }
}
