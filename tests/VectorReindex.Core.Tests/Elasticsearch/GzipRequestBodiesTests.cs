using System.IO.Compression;
using System.Text;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>
/// Request compression (Connect-VectorCluster's default) as it crosses the wire: Core gzips bulk
/// bodies itself at the fastest level, labels them Content-Encoding gzip, and does not ask for
/// compressed responses. (CompressedCopyTests runs a whole copy through it against the node.)
/// </summary>
public sealed class GzipRequestBodiesTests
{
    private static readonly BulkOperation[] Operations =
    {
        BulkOperation.VersionedIndex("gz", "a", 3, w => { w.WriteStartObject(); w.WriteString("title", "three"); w.WriteEndObject(); }),
        BulkOperation.VersionedIndex("gz", "b", 1, w => { w.WriteStartObject(); w.WriteString("title", "one"); w.WriteEndObject(); }),
    };

    private const string ExpectedNdJson =
        "{\"index\":{\"_index\":\"gz\",\"_id\":\"a\",\"version\":3,\"version_type\":\"external_gte\"}}\n{\"title\":\"three\"}\n" +
        "{\"index\":{\"_index\":\"gz\",\"_id\":\"b\",\"version\":1,\"version_type\":\"external_gte\"}}\n{\"title\":\"one\"}\n";

    [Fact]
    public async Task Compressed_BulkBody_IsGzipAtTheFastestLevel_LabelledContentEncoding_AndInflatesToTheNdJson()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Ok("""{"errors":false,"items":[]}""");
        server.Enqueue(ScriptedResponse.Elasticsearch("9.4.0"));
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { server.Uri }) { CompressRequests = true }, false, null, CancellationToken.None);

        await new BulkApi(connection.Cluster).SendAsync(Operations, null, CancellationToken.None);

        var body = Assert.Single(server.Bodies, b => b.Path == "/_bulk");
        Assert.Equal("gzip", body.ContentEncoding);
        Assert.DoesNotContain("gzip", body.AcceptEncoding); // pages stay uncompressed: no CPU spent on both sides for loopback or LAN reads
        Assert.Equal(new byte[] { 0x1f, 0x8b }, body.Wire[..2]);
        // RFC 1952 XFL: 4 = the compressor used its fastest algorithm (the client's own gzip, Optimal, writes 0).
        Assert.Equal(4, body.Wire[8]);
        Assert.Equal(ExpectedNdJson, Inflate(body.Wire));
    }

    [Fact]
    public async Task Uncompressed_BulkBody_IsThePlainNdJson()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Ok("""{"errors":false,"items":[]}""");
        server.Enqueue(ScriptedResponse.Elasticsearch("9.4.0"));
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { server.Uri }) { CompressRequests = false }, false, null, CancellationToken.None);

        await new BulkApi(connection.Cluster).SendAsync(Operations, null, CancellationToken.None);

        var body = Assert.Single(server.Bodies, b => b.Path == "/_bulk");
        Assert.Equal("", body.ContentEncoding);
        Assert.Equal(ExpectedNdJson, Encoding.UTF8.GetString(body.Wire));
    }

    private static string Inflate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
