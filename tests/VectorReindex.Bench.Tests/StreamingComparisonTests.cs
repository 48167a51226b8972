using System.Text;
using VectorReindex.Bench;
using VectorReindex.LocalNode;

namespace VectorReindex.Bench.Tests;

public class StreamingComparisonTests
{
    [Fact]
    public async Task FindsLostStaleAndResurrectedDocumentsAcrossPages()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var http = await CreateIndexesAsync(node, shards: 2, "cmp-source", "cmp-target");
        // 25 documents in both (pages of 4, so the windows cross pages and shards), then the differences.
        var bulk = new StringBuilder();
        for (var n = 0; n < 25; n++)
            foreach (var index in new[] { "cmp-source", "cmp-target" })
                Item(bulk, index, n, 1);
        Item(bulk, "cmp-source", 30, 1); // lost: never reached the target
        Item(bulk, "cmp-target", 31, 1); // resurrected: deleted from the source, still in the target
        Item(bulk, "cmp-source", 7, 2);  // stale: the source's newer revision (version 2, another title and vector)
        await BulkAsync(http, bulk);

        var result = await StreamingComparison.CompareAsync(http, "cmp-source", "cmp-target", askForVectors: true, CancellationToken.None, pageSize: 4);

        Assert.Equal(26, result.SourceDocuments);
        Assert.Equal(26, result.TargetDocuments);
        Assert.Equal(1, result.Lost);
        Assert.Equal(1, result.Resurrected);
        Assert.Equal(1, result.Stale);
        Assert.Contains(result.Examples, e => e.StartsWith(ScaleCorpus.Id(30) + ": lost", StringComparison.Ordinal));
        Assert.Contains(result.Examples, e => e.StartsWith(ScaleCorpus.Id(31) + ": resurrected", StringComparison.Ordinal));
        Assert.Contains(result.Examples, e => e.StartsWith(ScaleCorpus.Id(7) + ": stale (version 1 in the target, 2 in the source)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdenticalIndexesCompareEqualVectorsIncluded()
    {
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        using var http = await CreateIndexesAsync(node, shards: 1, "same-a", "same-b");
        var bulk = new StringBuilder();
        for (var n = 0; n < 9; n++)
            foreach (var index in new[] { "same-a", "same-b" })
                Item(bulk, index, n, 1);
        await BulkAsync(http, bulk);
        // Same version and fields, another vector: only the vector comparison can see it.
        var changed = new StringBuilder();
        Item(changed, "same-b", 4, 1, vectorRevision: 9, version: 1);
        Item(changed, "same-a", 4, 1, version: 1);
        await BulkAsync(http, changed);

        var result = await StreamingComparison.CompareAsync(http, "same-a", "same-b", askForVectors: true, CancellationToken.None, pageSize: 4);

        Assert.Equal(9, result.SourceDocuments);
        Assert.Equal(1, result.Stale);
        Assert.Equal(ScaleCorpus.Id(4) + ": stale (vector differs)", Assert.Single(result.Examples));
    }

    [Fact]
    public async Task AStreamOutOfIdOrderIsAnError()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StreamingComparison.CompareAsync(
            Rows("doc-2", "doc-1"), Rows("doc-1", "doc-2"), CancellationToken.None));
        Assert.Contains("not in _id order", error.Message);
    }

    private static async IAsyncEnumerable<IndexRow> Rows(params string[] ids)
    {
        foreach (var id in ids)
        {
            await Task.Yield();
            yield return new IndexRow(id, 1, "t", "x", new[] { 1f });
        }
    }

    private static void Item(StringBuilder bulk, string index, long n, int revision, int? vectorRevision = null, long? version = null)
    {
        var versioning = version is { } v ? $",\"version\":{v},\"version_type\":\"external_gte\"" : "";
        bulk.Append("{\"index\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"").Append(ScaleCorpus.Id(n)).Append('"').Append(versioning).Append("}}\n");
        bulk.Append("{\"n\":").Append(n).Append(",\"tag\":\"").Append(ScaleCorpus.Tag(n)).Append("\",\"title\":\"").Append(ScaleCorpus.Title(n, revision))
            .Append("\",\"embedding\":\"").Append(ScaleCorpus.Base64(ScaleCorpus.Vector(n, vectorRevision ?? revision, 4))).Append("\"}\n");
    }

    private static async Task BulkAsync(HttpClient http, StringBuilder bulk)
    {
        var content = new StringContent(bulk.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.PostAsync("/_bulk?refresh=true", content);
        response.EnsureSuccessStatusCode();
        Assert.DoesNotContain("\"errors\":true", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A client of the node, and the scale corpus's indexes (4-float vectors) created on it.</summary>
    private static async Task<HttpClient> CreateIndexesAsync(LocalNodeServer node, int shards, params string[] indexes)
    {
        var http = new HttpClient { BaseAddress = node.Uri };
        foreach (var index in indexes)
            (await http.PutAsync("/" + index, new StringContent(ScaleCorpus.MappingBody(4, shards), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        return http;
    }
}
