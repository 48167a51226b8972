using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VectorReindex.Tests.Shared;

/// <summary>Raw REST calls that set up and inspect a test cluster, independent of the code under test.</summary>
public sealed class ClusterSeeder : IDisposable
{
    private readonly HttpClient _http;
    private readonly Lazy<Task<string>> _askForVectors;

    /// <param name="authorization">Sent with every request, for a node that requires credentials.</param>
    public ClusterSeeder(Uri node, AuthenticationHeaderValue? authorization = null)
    {
        _http = new HttpClient { BaseAddress = node };
        _http.DefaultRequestHeaders.Authorization = authorization;
        _askForVectors = new Lazy<Task<string>>(AskForVectorsAsync);
    }

    /// <summary>
    /// The query parameter that gets dense vectors back in _source ("_source_exclude_vectors=false"
    /// from 9.2, which leaves them out by default; empty before, where the parameter is unknown).
    /// </summary>
    public Task<string> VectorsParameterAsync() => _askForVectors.Value;

    private async Task<string> AskForVectorsAsync()
    {
        var number = (await SendAsync(HttpMethod.Get, "/"))!["version"]!["number"]!.ToString().Split('.');
        var (major, minor) = (int.Parse(number[0], CultureInfo.InvariantCulture), int.Parse(number[1], CultureInfo.InvariantCulture));
        return major > 9 || (major == 9 && minor >= 2) ? "_source_exclude_vectors=false" : "";
    }

    /// <summary><paramref name="path"/> with <see cref="VectorsParameterAsync"/> added to its query.</summary>
    public async Task<string> WithVectorsAsync(string path)
    {
        var parameter = await VectorsParameterAsync();
        return parameter.Length == 0 ? path : path + (path.Contains('?') ? "&" : "?") + parameter;
    }

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", bool allowError = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body != null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && !allowError)
            throw new InvalidOperationException($"{method} {path} -> {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Creates an index with a text field, metadata fields and a dense_vector, behind an alias as its write index.</summary>
    public Task CreateVectorIndexAsync(string index, string? alias, int dims, string similarity = "cosine", int shards = 1) =>
        SendAsync(HttpMethod.Put, "/" + index, $$"""
            {
              "settings": { "number_of_shards": {{shards}}, "number_of_replicas": 0, "refresh_interval": "1s" },
              "mappings": {
                "_meta": { "owner": "tests" },
                "properties": {
                  "title": { "type": "text" },
                  "tags": { "type": "keyword" },
                  "price": { "type": "double" },
                  "embedding": { "type": "dense_vector", "dims": {{dims}}, "index": true, "similarity": "{{similarity}}" }
                }
              }
              {{(alias != null ? $$""", "aliases": { "{{alias}}": { "is_write_index": true } }""" : "")}}
            }
            """);

    /// <summary>A deterministic unit vector for document <paramref name="n"/>.</summary>
    public static float[] Vector(int n, int dims, int seed = 0)
    {
        var random = new Random(n * 7919 + seed);
        var v = new float[dims];
        double norm = 0;
        for (var i = 0; i < dims; i++) { v[i] = (float)(random.NextDouble() * 2 - 1); norm += v[i] * v[i]; }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dims; i++) v[i] *= scale;
        return v;
    }

    public static string Json(float[] v) => "[" + string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Bulk-indexes documents doc-{first}..doc-{first+count-1} with text, tags, price and vectors, each
    /// with the custom routing <paramref name="routing"/> gives it (none where it gives null).
    /// </summary>
    public async Task IndexDocumentsAsync(string index, int first, int count, int dims, string refresh = "true", Func<int, string?>? routing = null)
    {
        for (var start = first; start < first + count; start += 1000)
        {
            var body = new StringBuilder();
            for (var n = start; n < Math.Min(first + count, start + 1000); n++)
            {
                body.Append("{\"index\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"doc-").Append(n).Append('"');
                if (routing?.Invoke(n) is string r) body.Append(",\"routing\":\"").Append(r).Append('"');
                body.Append("}}\n");
                body.Append("{\"title\":\"product number ").Append(n).Append(" with words ").Append(Words(n)).Append("\",\"tags\":[\"t").Append(n % 7)
                    .Append("\"],\"price\":").Append(n % 100).Append(",\"embedding\":").Append(Json(Vector(n, dims))).Append("}\n");
            }
            var result = await SendAsync(HttpMethod.Post, "/_bulk?refresh=" + refresh, body.ToString(), "application/x-ndjson");
            if (result?["errors"]?.GetValue<bool>() == true) throw new InvalidOperationException("bulk errors: " + result.ToJsonString()[..Math.Min(500, result.ToJsonString().Length)]);
        }
    }

    private static readonly string[] Vocabulary = { "red", "blue", "green", "shoe", "shirt", "lamp", "table", "chair", "phone", "case", "cable", "desk" };

    public static string Words(int n) => string.Join(" ", Enumerable.Range(0, 4).Select(i => Vocabulary[(n * 31 + i * 17) % Vocabulary.Length]));

    /// <summary>A document with its vectors in _source, whatever the server's version.</summary>
    public async Task<JsonObject> GetAsync(string index, string id) =>
        (await SendAsync(HttpMethod.Get, await WithVectorsAsync($"/{index}/_doc/{id}")))!.AsObject();

    public async Task<long> CountAsync(string index)
    {
        await SendAsync(HttpMethod.Post, $"/{index}/_refresh");
        return (await SendAsync(HttpMethod.Post, $"/{index}/_count"))!["count"]!.GetValue<long>();
    }

    /// <summary>The indices an alias points to, with is_write_index.</summary>
    public async Task<Dictionary<string, bool?>> AliasAsync(string alias)
    {
        var node = await SendAsync(HttpMethod.Get, "/_alias/" + alias, allowError: true);
        var result = new Dictionary<string, bool?>();
        if (node is JsonObject obj && !obj.ContainsKey("error"))
            foreach (var (index, value) in obj)
                result[index] = value?["aliases"]?[alias]?["is_write_index"]?.GetValue<bool>();
        return result;
    }

    /// <summary>A text snapshot of the cluster (indices with mappings and settings minus volatile parts, aliases, doc counts).</summary>
    public async Task<string> SnapshotAsync()
    {
        var indices = await SendAsync(HttpMethod.Get, "/_all") as JsonObject ?? new JsonObject();
        var sb = new StringBuilder();
        foreach (var (name, def) in indices.OrderBy(i => i.Key))
        {
            sb.Append(name).Append(' ').Append(def?["aliases"]?.ToJsonString()).Append(' ').Append(def?["mappings"]?.ToJsonString());
            var settings = def?["settings"]?["index"]?.AsObject();
            sb.Append(" refresh=").Append(settings?["refresh_interval"]?.ToString()).Append(" replicas=").Append(settings?["number_of_replicas"]?.ToString());
            sb.Append(" count=").Append(await CountAsync(name)).Append('\n');
        }
        return sb.ToString();
    }

    public void Dispose() => _http.Dispose();
}
