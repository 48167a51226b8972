using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http;
using HttpMethod = System.Net.Http.HttpMethod;
using System.Text;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// Issue 16, build 2: into a 9.3+ target, backfill and dual-write send float vectors as base64 of
/// big-endian float32 (on by default), or as JSON floats when turned off; the stored vectors are the
/// same bits either way and as the source's, and reads stay JSON. Below 9.3 vectors always go as JSON.
/// </summary>
public sealed class Base64VectorMigrationTests
{
    private const int Dims = 8;

    [Fact]
    public async Task Base64_and_json_backfill_and_dual_write_store_bit_identical_vectors_and_read_back_as_json()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "9.3.0" });
        using var seed = new ClusterSeeder(node.Uri);
        var base64Bulks = new ConcurrentQueue<string>();
        var jsonBulks = new ConcurrentQueue<string>();
        using var base64 = await ConnectRecordingAsync(node.Uri, base64Vectors: true, base64Bulks);
        using var json = await ConnectRecordingAsync(node.Uri, base64Vectors: false, jsonBulks);
        Assert.True(base64.Cluster.SendsBase64Vectors);
        Assert.False(json.Cluster.SendsBase64Vectors);

        var targets = new Dictionary<string, string>();
        foreach (var (alias, connection) in new[] { ("bits-b64", base64), ("bits-json", json) })
        {
            await seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
            await seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", SourceBulk(alias + "-v1"), "application/x-ndjson");
            var engine = new MigrationEngine(connection);
            var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default), MigrationObserver.None, default);
            var observer = new RecordingObserver();
            var done = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 64 } }, observer, default);
            Assert.True(observer.Failures.IsEmpty, observer.FailureText);
            Assert.Equal(Documents, done.Backfill!.Copied);
            // A dual-write during the migration goes to the live index and, versioned, to the target.
            var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, observer, default);
            var failures = await writer.WriteAsync(new[] { new VectorDocument("written", "a written document", Awkward(999), null) }, new DualWriteSummary(), default);
            Assert.Empty(failures);
            targets[alias] = created.Target;
        }

        // What went over the wire: base64 strings to one target, JSON arrays to the other.
        Assert.All(base64Bulks, body => Assert.DoesNotContain("\"embedding\":[", body));
        Assert.Contains(base64Bulks, body => body.Contains("\"embedding\":\""));
        Assert.All(jsonBulks, body => Assert.DoesNotContain("\"embedding\":\"", body));
        Assert.Contains(jsonBulks, body => body.Contains("\"embedding\":["));

        foreach (var id in Enumerable.Range(0, Documents).Select(n => "doc-" + n).Append("written"))
        {
            var source = await VectorAsync(seed, "bits-b64-v1", id);
            Assert.Equal(source, await VectorAsync(seed, targets["bits-b64"], id));
            Assert.Equal(source, await VectorAsync(seed, targets["bits-json"], id));
            Assert.Equal(source, await VectorAsync(seed, "bits-json-v1", id));
        }
        Assert.Equal(Bits(Awkward(999)), await VectorAsync(seed, targets["bits-b64"], "written"));
    }

    [Theory]
    [InlineData("8.17.0", true, false)]
    [InlineData("9.2.0", true, false)]
    [InlineData("9.3.0", true, true)]
    [InlineData("9.4.0", false, false)]
    public async Task Base64_goes_only_to_9_3_and_later_and_only_when_not_turned_off(string version, bool setting, bool expected)
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = version });
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }) { Base64Vectors = setting }, false, null, default);
        Assert.Equal(expected, connection.Cluster.SendsBase64Vectors);
    }

    private const int Documents = 200;

    /// <summary>Vectors in the texts floats are written with (shortest, 9 and 17 digits, exponents, subnormals).</summary>
    private static float[] Awkward(int n)
    {
        var random = new Random(n);
        var v = new float[Dims];
        for (var i = 0; i < Dims; i++)
            v[i] = i == 3 ? BitConverter.Int32BitsToSingle(random.Next(1, 0x0080_0000)) // subnormal
                : i == 5 ? (float)(random.NextDouble() * 1e30) : (float)(random.NextDouble() * 2 - 1);
        return v;
    }

    private static string Text(float f, int n) => f.ToString(new[] { "R", "G9", "E8", "G17" }[n % 4], CultureInfo.InvariantCulture);

    private static string SourceBulk(string index)
    {
        var body = new StringBuilder();
        for (var n = 0; n < Documents; n++)
        {
            body.Append("{\"index\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"doc-").Append(n).Append("\"}}\n");
            body.Append("{\"title\":\"product ").Append(n).Append("\",\"embedding\":[")
                .Append(string.Join(",", Awkward(n).Select((f, i) => Text(f, n + i)))).Append("]}\n");
        }
        return body.ToString();
    }

    /// <summary>The vector as the index returns it (asked for, as 9.2+ leaves it out): must be a JSON array; its elements' float bits.</summary>
    private static async Task<int[]> VectorAsync(ClusterSeeder seed, string index, string id)
    {
        var doc = await seed.SendAsync(HttpMethod.Get, $"/{index}/_doc/{id}?_source_exclude_vectors=false");
        var vector = Assert.IsType<JsonArray>(doc!["_source"]!["embedding"]);
        return vector.Select(v => BitConverter.SingleToInt32Bits(v!.GetValue<float>())).ToArray();
    }

    private static int[] Bits(float[] v) => v.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>A connection on a caller's client (as -Client) whose handler hook keeps a copy of each bulk body.</summary>
    private static Task<ClusterConnection> ConnectRecordingAsync(Uri node, bool base64Vectors, ConcurrentQueue<string> bulks)
    {
        var settings = new ElasticsearchClientSettings(new SingleNodePool(node), new HttpRequestInvoker((inner, _) => new BulkRecorder(inner, bulks)))
            .EnableHttpCompression(false);
        return ClusterConnector.ConnectAsync(new ElasticsearchClient(settings), null, base64Vectors, false, null, default);
    }

    private sealed class BulkRecorder : DelegatingHandler
    {
        private readonly ConcurrentQueue<string> _bulks;

        public BulkRecorder(HttpMessageHandler inner, ConcurrentQueue<string> bulks) : base(inner) => _bulks = bulks;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content != null && request.RequestUri!.AbsolutePath.EndsWith("/_bulk", StringComparison.Ordinal))
            {
                var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
                _bulks.Enqueue(Encoding.UTF8.GetString(bytes));
                var copy = new ByteArrayContent(bytes);
                foreach (var header in request.Content.Headers)
                    if (header.Key != "Content-Length") copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                request.Content = copy;
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
