using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace VectorReindex.Bench;

/// <summary>
/// The scale bench's documents, as Rally's dense_vector track (a float vector) plus a keyword and a
/// text field: <c>tag</c> (keyword, 1,000 values: the readers' filter) and <c>title</c> (text, a few words
/// from a small vocabulary), plus <c>n</c> (long, the document's number: ids are "doc-" and n zero-padded,
/// so n order is _id order, and Elasticsearch does not sort on _id). Vectors are deterministic per document
/// and revision. The seed goes straight to the node as base64.
/// </summary>
internal static class ScaleCorpus
{
    public const int Tags = 1000;

    public static string Id(long n) => "doc-" + n.ToString("D9", CultureInfo.InvariantCulture);

    public static string Tag(long n) => "t" + (n % Tags).ToString(CultureInfo.InvariantCulture);

    public static string Title(long n, int revision) => $"{Words[n % Words.Length]} {Words[(n / 12 + revision) % Words.Length]} revision {revision}";

    private static readonly string[] Words = { "lamp", "chair", "table", "kettle", "rug", "shelf", "mirror", "clock", "vase", "stool", "desk", "sofa" };

    public static string MappingBody(int dims, int shards) =>
        """{"settings":{"number_of_shards":SHARDS,"number_of_replicas":0,"refresh_interval":"-1"},"mappings":{"properties":{"n":{"type":"long"},"tag":{"type":"keyword"},"title":{"type":"text"},"embedding":{"type":"dense_vector","dims":DIMS,"index":true,"similarity":"cosine"}}}}"""
            .Replace("DIMS", dims.ToString(CultureInfo.InvariantCulture)).Replace("SHARDS", shards.ToString(CultureInfo.InvariantCulture));

    /// <summary>A unit-free pseudo-random vector in [-1, 1), the same for the same (n, revision).</summary>
    public static float[] Vector(long n, int revision, int dims)
    {
        var state = unchecked((ulong)n * 0x9E3779B97F4A7C15UL ^ (ulong)revision * 0xD1B54A32D192ED03UL ^ 0x2545F4914F6CDD1DUL);
        var vector = new float[dims];
        for (var d = 0; d < dims; d++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            vector[d] = (float)((state >> 40) / (double)(1UL << 24) * 2 - 1);
        }
        return vector;
    }

    /// <summary>Bulk-indexes documents 0..docs-1 with <paramref name="parallel"/> requests in flight, then refreshes.</summary>
    public static async Task SeedAsync(Uri node, string index, long docs, int dims, int shards, int parallel, Action<long> seeded, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(10) };
        (await http.PutAsync("/" + index, new StringContent(MappingBody(dims, shards), Encoding.UTF8, "application/json"), ct)).EnsureSuccessStatusCode();
        const int perRequest = 2000;
        long next = 0, done = 0;
        var workers = Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            var body = new MemoryStream();
            while (true)
            {
                var start = Interlocked.Add(ref next, perRequest) - perRequest;
                if (start >= docs) return;
                var end = Math.Min(docs, start + perRequest);
                body.SetLength(0);
                for (var n = start; n < end; n++)
                    WriteBulkItem(body, index, n, 1, dims);
                using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                using var response = await http.PostAsync("/_bulk?filter_path=errors", content, ct);
                response.EnsureSuccessStatusCode();
                var text = await response.Content.ReadAsStringAsync(ct);
                if (text.Contains("true", StringComparison.Ordinal)) throw new InvalidOperationException($"The seed's bulk at {start} had item errors: {text}");
                seeded(Interlocked.Add(ref done, end - start));
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);
        (await http.PostAsync($"/{index}/_refresh", null, ct)).EnsureSuccessStatusCode();
    }

    private static void WriteBulkItem(MemoryStream body, string index, long n, int revision, int dims)
    {
        var id = Id(n);
        Write(body, "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + id + "\"}}\n{\"n\":" + n.ToString(CultureInfo.InvariantCulture) + ",\"tag\":\"" + Tag(n) + "\",\"title\":\"" + Title(n, revision) + "\",\"embedding\":\"");
        Write(body, Base64(Vector(n, revision, dims)));
        Write(body, "\"}\n");
    }

    /// <summary>Elasticsearch's base64 vector form (9.3+): big-endian float32.</summary>
    public static string Base64(float[] vector)
    {
        var bytes = new byte[vector.Length * 4];
        for (var i = 0; i < vector.Length; i++)
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), vector[i]);
        return Convert.ToBase64String(bytes);
    }

    private static void Write(MemoryStream stream, string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var start = (int)stream.Length;
        stream.SetLength(start + count); // grows the buffer as needed
        Encoding.UTF8.GetBytes(text, stream.GetBuffer().AsSpan(start, count));
    }
}
