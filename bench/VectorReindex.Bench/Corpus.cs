using VectorReindex.Core.Connection;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Bench;

/// <summary>Loads a deterministic corpus (text, metadata, unit vectors) into an index through _bulk.</summary>
internal static class Corpus
{
    /// <param name="title">The title of document n; "product n" when null.</param>
    public static async Task LoadAsync(Uri node, string index, int docs, int dims, Func<int, string>? title = null)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(5) };
        var create = """{"settings":{"number_of_shards":1,"number_of_replicas":0,"refresh_interval":"-1"},"mappings":{"properties":{"title":{"type":"text"},"tags":{"type":"keyword"},"price":{"type":"double"},"embedding":{"type":"dense_vector","dims":DIMS,"index":true,"similarity":"cosine"}}}}"""
            .Replace("DIMS", dims.ToString(CultureInfo.InvariantCulture));
        (await http.PutAsync("/" + index, new StringContent(create, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var random = new Random(42);
        for (var start = 0; start < docs; start += 1000)
        {
            var body = new StringBuilder();
            for (var n = start; n < Math.Min(docs, start + 1000); n++)
            {
                body.Append("{\"index\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"doc-").Append(n).Append("\"}}\n");
                body.Append("{\"title\":\"").Append(title == null ? "product " + n.ToString(CultureInfo.InvariantCulture) : title(n)).Append("\",\"tags\":[\"t").Append(n % 7).Append("\"],\"price\":").Append(n % 100).Append(",\"embedding\":[");
                for (var d = 0; d < dims; d++)
                {
                    if (d > 0) body.Append(',');
                    body.Append(((float)(random.NextDouble() * 2 - 1)).ToString("R", CultureInfo.InvariantCulture));
                }
                body.Append("]}\n");
            }
            var content = new StringContent(body.ToString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            (await http.PostAsync("/_bulk", content)).EnsureSuccessStatusCode();
        }
        (await http.PostAsync($"/{index}/_refresh", null)).EnsureSuccessStatusCode();
    }

    public static async Task<ClusterConnection> ConnectAsync(Uri node, bool compressRequests = false, bool base64Vectors = true) =>
        await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node }) { RequestTimeout = TimeSpan.FromMinutes(5), CompressRequests = compressRequests, Base64Vectors = base64Vectors },
            force: false, logger: null, CancellationToken.None);
}
