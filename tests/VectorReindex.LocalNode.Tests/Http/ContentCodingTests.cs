using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Http;

public sealed class ContentCodingTests
{
    private static byte[] Compress(string text, string coding)
    {
        using var output = new MemoryStream();
        using (Stream stream = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "zlib" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true),
        })
            stream.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("deflate", "zlib")]
    [InlineData("deflate", "raw")]
    public async Task CompressedBulkBody_IsDecodedAndIndexed(string contentEncoding, string format)
    {
        await using var node = await TestNode.StartAsync();
        var bulk = """{"index":{"_index":"books","_id":"1"}}""" + "\n" + """{"title":"dune"}""" + "\n"
                 + """{"index":{"_index":"books","_id":"2"}}""" + "\n" + """{"title":"emma"}""" + "\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_bulk?refresh=true") { Content = new ByteArrayContent(Compress(bulk, format)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Content.Headers.ContentEncoding.Add(contentEncoding);

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False((bool)body["errors"]!);
        Assert.Equal(2, (int)(await node.GetAsync("/books/_count")).Body!["count"]!);
        Assert.Equal("emma", (string?)(await node.GetAsync("/books/_doc/2")).Body!["_source"]!["title"]);
    }

    [Fact]
    public async Task CorruptGzipBody_Is400AndStoresNothing()
    {
        await using var node = await TestNode.StartAsync();
        var bytes = Compress("""{"title":"dune"}""", "gzip");
        bytes[bytes.Length / 2] ^= 0xFF;
        bytes[12] ^= 0xFF;
        using var request = new HttpRequestMessage(HttpMethod.Put, "/books/_doc/1") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentEncoding.Add("gzip");

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(HttpStatusCode.NotFound, (await node.GetAsync("/books")).Status);
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("deflate", "deflate")]
    [InlineData("br;q=1, gzip;q=0.5", "gzip")]
    public async Task AcceptEncoding_CompressesTheResponse(string acceptEncoding, string expected)
    {
        await using var node = await TestNode.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(expected, Assert.Single(response.Content.Headers.ContentEncoding));
        var raw = await response.Content.ReadAsByteArrayAsync();
        using Stream inflater = expected == "gzip"
            ? new GZipStream(new MemoryStream(raw), CompressionMode.Decompress)
            : new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var reader = new StreamReader(inflater);
        Assert.Equal("You Know, for Search", (string?)JsonNode.Parse(await reader.ReadToEndAsync())!["tagline"]);
    }

    [Fact]
    public async Task NoAcceptEncoding_ResponseIsPlain()
    {
        await using var node = await TestNode.StartAsync();

        using var response = await node.Http.GetAsync("/");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("You Know, for Search", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["tagline"]);
    }
}
