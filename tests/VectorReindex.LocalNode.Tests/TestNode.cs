using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Tests;

/// <summary>An in-process local node and a tiny JSON client for it.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    private TestNode(LocalNodeServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.Uri };
    }

    public LocalNodeServer Server { get; }
    public HttpClient Http { get; }

    public static Task<TestNode> StartAsync(string? dataPath = null, string esVersion = LocalNodeOptions.DefaultEsVersion)
        => StartAsync(new LocalNodeOptions { Port = 0, DataPath = dataPath, EsVersion = esVersion });

    public static async Task<TestNode> StartAsync(LocalNodeOptions options)
        => new(await LocalNodeServer.StartAsync(options));

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body != null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);
    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string? body = null) => SendAsync(HttpMethod.Post, path, body);
    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);
    public Task<(HttpStatusCode Status, JsonNode? Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);
    public Task<(HttpStatusCode Status, JsonNode? Body)> BulkAsync(string path, params string[] lines) => SendAsync(HttpMethod.Post, path, string.Join("\n", lines) + "\n", "application/x-ndjson");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
