using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>One in-process node shared by a test class, with small JSON helpers over HTTP.</summary>
public sealed class LocalNodeFixture : IAsyncLifetime
{
    private LocalNodeServer? _node;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The node itself, for tests that read its indices in process.</summary>
    internal LocalNodeServer Server => _node ?? throw new InvalidOperationException("the fixture has not started");

    public async Task InitializeAsync()
    {
        _node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
        Http = new HttpClient { BaseAddress = _node.Uri };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_node != null)
            await _node.DisposeAsync();
    }

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, object? body = null, bool ensureSuccess = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body != null)
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, body is string ? "application/x-ndjson" : "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (ensureSuccess && !response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} -> {(int)response.StatusCode}: {text}");
        var node = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
        node["__status"] = (int)response.StatusCode;
        return node;
    }

    public Task<JsonObject> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<JsonObject> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public static string NewIndexName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
