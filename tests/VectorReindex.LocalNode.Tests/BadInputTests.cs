using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

/// <summary>
/// Bad input gets Elasticsearch's status and error type, always with a JSON body, and changes nothing:
/// every test ends by checking the stored documents are as they were and the node still answers.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const long MaxContentLength = 64 * 1024;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(new LocalNodeOptions { Port = 0, MaxContentLength = MaxContentLength, RequestBodyIdleTimeout = TimeSpan.FromSeconds(1) });
        await _node.PutAsync("/t", "{\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"},\"v\":{\"type\":\"dense_vector\",\"dims\":2,\"similarity\":\"l2_norm\"}}}}");
        await _node.PutAsync("/t/_doc/1?refresh=true", "{\"n\":1,\"v\":[1,2]}");
        await _node.PutAsync("/t/_doc/2?refresh=true", "{\"n\":2,\"v\":[3,4]}");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    public async Task DeleteByQuery_WithoutQuery_Is400QueryIsMissingAndDeletesNothing(string? body)
    {
        var (status, error) = await _node.PostAsync("/t/_delete_by_query", body);

        AssertError(status, error, HttpStatusCode.BadRequest, "action_request_validation_exception", "Validation Failed: 1: query is missing;");
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Document_WithDuplicateKeys_IsJsonParseExceptionAndNotStored()
    {
        var (status, error) = await _node.PutAsync("/t/_doc/3", "{\"n\":3,\"n\":4}");
        var (_, bulk) = await _node.BulkAsync("/_bulk", "{\"index\":{\"_index\":\"t\",\"_id\":\"4\"}}", "{\"a\":{\"b\":1,\"b\":2}}");

        AssertError(status, error, HttpStatusCode.BadRequest, "document_parsing_exception", null);
        Assert.Equal("json_parse_exception", (string)error!["error"]!["caused_by"]!["type"]!);
        Assert.StartsWith("Duplicate field 'n'", (string)error["error"]!["caused_by"]!["reason"]!);
        var item = bulk!["items"]![0]!["index"]!;
        Assert.Equal(400, (int)item["status"]!);
        Assert.StartsWith("Duplicate field 'b'", (string)item["error"]!["caused_by"]!["reason"]!);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Document_WithInvalidUtf8_IsJsonParseExceptionAndNotStored()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"n\":3,\"s\":\"ab\u00e9\"}");
        bytes[^4] = 0xFF; // the first byte of é
        using var request = new HttpRequestMessage(HttpMethod.Put, "/t/_doc/3") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await _node.Http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        AssertError(response.StatusCode, error, HttpStatusCode.BadRequest, "document_parsing_exception", null);
        Assert.Equal("json_parse_exception", (string)error!["error"]!["caused_by"]!["type"]!);
        Assert.StartsWith("Invalid UTF-8 start byte 0xff", (string)error["error"]!["caused_by"]!["reason"]!);
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("1e39")]
    [InlineData("-3.5e38")]
    public async Task Vector_WithElementOutOfFloatRange_IsRejectedAsInfinite(string element)
    {
        var (status, error) = await _node.PutAsync("/t/_doc/3", $"{{\"v\":[0.5,{element}]}}");
        var (_, bulk) = await _node.BulkAsync("/_bulk", "{\"index\":{\"_index\":\"t\",\"_id\":\"4\"}}", $"{{\"v\":[{element},1]}}");

        AssertError(status, error, HttpStatusCode.BadRequest, "document_parsing_exception", null);
        var sign = element.StartsWith('-') ? "-" : "";
        Assert.Equal($"element_type [float] vectors do not support infinite values but found [{sign}Infinity] at dim [1]; Preview of invalid vector: [0.5, {sign}Infinity]",
            (string)error!["error"]!["caused_by"]!["reason"]!);
        Assert.Equal(400, (int)bulk!["items"]![0]!["index"]!["status"]!);
        Assert.Contains("at dim [0]", (string)bulk["items"]![0]!["index"]!["error"]!["caused_by"]!["reason"]!);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task RangeOnNumericField_WithTextBound_IsNumberFormatException()
    {
        var (status, error) = await _node.PostAsync("/t/_search", "{\"query\":{\"range\":{\"n\":{\"gte\":\"abc\"}}}}");

        AssertError(status, error, HttpStatusCode.BadRequest, "search_phase_execution_exception", "all shards failed");
        var shard = error!["error"]!["caused_by"]!;
        Assert.Equal("query_shard_exception", (string)shard["type"]!);
        Assert.Equal("failed to create query: For input string: \"abc\"", (string)shard["reason"]!);
        Assert.Equal("number_format_exception", (string)shard["caused_by"]!["type"]!);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task ChunkedBody_OverMaxContentLength_Is413WithJsonBody()
    {
        var line = "{\"index\":{\"_index\":\"t\",\"_id\":\"1\"}}\n{\"n\":99}\n";
        var body = string.Concat(Enumerable.Repeat(line, (int)(MaxContentLength / line.Length) + 10));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_bulk") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };
        request.Content.Headers.ContentType = new("application/x-ndjson");
        request.Headers.TransferEncodingChunked = true;
        using var response = await _node.Http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        AssertError(response.StatusCode, error, HttpStatusCode.RequestEntityTooLarge, "content_too_long_exception", null);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task BodyWithContentLengthOverMaxContentLength_Is413WithJsonBody()
    {
        var (status, error) = await _node.PutAsync("/t/_doc/1", "{\"n\":\"" + new string('x', (int)MaxContentLength) + "\"}");

        AssertError(status, error, HttpStatusCode.RequestEntityTooLarge, "content_too_long_exception", null);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task GzipBody_InflatingPastMaxContentLength_Is413AndNothingStored()
    {
        // 2 KiB on the wire, far over the limit once inflated: the limit applies to the inflated body.
        var line = "{\"index\":{\"_index\":\"t\",\"_id\":\"9\"}}\n{\"n\":99}\n";
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, (int)(MaxContentLength / line.Length) + 10)));
        var (status, error) = await SendGzipBulkAsync(body);

        AssertError(status, error, HttpStatusCode.RequestEntityTooLarge, "content_too_long_exception", null);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task GzipBody_InflatingToExactlyMaxContentLength_IsAccepted()
    {
        var action = "{\"index\":{\"_index\":\"u\",\"_id\":\"1\"}}\n";
        var prefix = action + "{\"pad\":\"";
        var suffix = "\"}\n";
        var body = Encoding.UTF8.GetBytes(prefix + new string('x', (int)MaxContentLength - prefix.Length - suffix.Length) + suffix);
        Assert.Equal(MaxContentLength, body.Length);
        var (status, response) = await SendGzipBulkAsync(body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)response!["errors"]!);
        Assert.Equal(201, (int)response["items"]![0]!["index"]!["status"]!);
    }

    private async Task<(HttpStatusCode, JsonNode?)> SendGzipBulkAsync(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_bulk") { Content = new ByteArrayContent(compressed.ToArray()) };
        request.Content.Headers.ContentType = new("application/x-ndjson");
        request.Content.Headers.ContentEncoding.Add("gzip");
        using var response = await _node.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TooLongUrlAndHeaders_Are400WithJsonBody()
    {
        var (lineStatus, lineError) = await _node.GetAsync("/t/_doc/" + new string('a', 5000));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/t/_count");
        request.Headers.Add("X-Big", new string('h', 20_000));
        using var response = await _node.Http.SendAsync(request);
        var headerError = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        AssertError(lineStatus, lineError, HttpStatusCode.BadRequest, "too_long_http_line_exception", "An HTTP line is larger than 4096 bytes.");
        AssertError(response.StatusCode, headerError, HttpStatusCode.BadRequest, "too_long_http_header_exception", "HTTP header is larger than 16384 bytes.");
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task BodyThatStopsArriving_TimesOutWith408AndJsonBody()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _node.Server.Uri.Port);
        var stream = client.GetStream();
        var head = "PUT /t/_doc/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"n\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Nothing more is sent; the node must answer by itself (the 30 s cap only stops a hung test).
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var read = reader.ReadToEndAsync();
        var answered = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read;

        Assert.True(answered, "the node kept waiting for the body");
        var text = await read;
        Assert.StartsWith("HTTP/1.1 408", text);
        var error = JsonNode.Parse(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Equal("timeout_exception", (string)error!["error"]!["type"]!);
        await AssertUnchangedAsync();
    }

    private static void AssertError(HttpStatusCode status, JsonNode? body, HttpStatusCode expectedStatus, string type, string? reason)
    {
        Assert.Equal(expectedStatus, status);
        Assert.NotNull(body);
        Assert.Equal((int)expectedStatus, (int)body!["status"]!);
        Assert.Equal(type, (string)body["error"]!["type"]!);
        if (reason != null)
            Assert.Equal(reason, (string)body["error"]!["reason"]!);
    }

    private async Task AssertUnchangedAsync()
    {
        var (infoStatus, _) = await _node.GetAsync("/");
        await _node.PostAsync("/t/_refresh");
        var (_, count) = await _node.GetAsync("/t/_count");
        var (_, one) = await _node.GetAsync("/t/_doc/1?_source_exclude_vectors=false");
        var (_, mapping) = await _node.GetAsync("/t/_mapping");

        Assert.Equal(HttpStatusCode.OK, infoStatus);
        Assert.Equal(2, (long)count!["count"]!);
        Assert.Equal(1, (long)one!["_version"]!);
        Assert.Equal("{\"n\":1,\"v\":[1,2]}", one["_source"]!.ToJsonString());
        Assert.Equal(new[] { "n", "v" }, mapping!["t"]!["mappings"]!["properties"]!.AsObject().Select(p => p.Key).Order());
    }
}
