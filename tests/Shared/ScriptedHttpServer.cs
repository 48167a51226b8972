using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VectorReindex.Tests.Shared;

/// <summary>
/// A loopback HTTP server that answers from a script, for the faults a real node cannot produce
/// on demand: a server that is not Elasticsearch, an old version, a scripted run of 429s, a hang.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();

    private ScriptedHttpServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>Every request received, in order: method and path with query.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Authorization headers received (to prove what the client sends).</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    /// <summary>Every request with a body, in order: its Content-Encoding and Accept-Encoding headers and the bytes as they came over the wire.</summary>
    public ConcurrentQueue<RecordedBody> Bodies { get; } = new();

    /// <summary>Completed when a hanging request is aborted by the client.</summary>
    public TaskCompletionSource RequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when the first request arrives.</summary>
    public TaskCompletionSource FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Used when the script is empty.</summary>
    public ScriptedResponse Fallback { get; set; } = ScriptedResponse.Elasticsearch("8.17.0");

    public ScriptedHttpServer Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var r in responses) _script.Enqueue(r);
        return this;
    }

    public static async Task<ScriptedHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedHttpServer? server = null;
        app.Run(async context =>
        {
            var self = server!;
            self.Requests.Enqueue(context.Request.Method + " " + context.Request.Path + context.Request.QueryString);
            self.AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
            self.FirstRequest.TrySetResult();
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                using var wire = new MemoryStream();
                await context.Request.Body.CopyToAsync(wire);
                self.Bodies.Enqueue(new RecordedBody(context.Request.Path, context.Request.Headers.ContentEncoding.ToString(),
                    context.Request.Headers.AcceptEncoding.ToString(), wire.ToArray()));
            }
            var response = self._script.TryDequeue(out var next) ? next : self.Fallback;
            if (response.Hang)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    self.RequestAborted.TrySetResult();
                }
                return;
            }
            context.Response.StatusCode = response.Status;
            foreach (var h in response.Headers) context.Response.Headers[h.Key] = h.Value;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedHttpServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ScriptedResponse(int Status, string Body, IReadOnlyDictionary<string, string> Headers, bool Hang = false)
{
    public static ScriptedResponse Elasticsearch(string version) => new(200,
        $$"""{"name":"scripted","cluster_name":"scripted-cluster","cluster_uuid":"abc123","version":{"number":"{{version}}"},"tagline":"You Know, for Search"}""",
        new Dictionary<string, string> { ["X-Elastic-Product"] = "Elasticsearch" });

    public static ScriptedResponse NotElasticsearch() => new(200, """{"status":"ok","service":"something else"}""", new Dictionary<string, string>());

    public static ScriptedResponse Error(int status, string type, string reason, string? retryAfter = null)
    {
        var headers = new Dictionary<string, string> { ["X-Elastic-Product"] = "Elasticsearch" };
        if (retryAfter != null) headers["Retry-After"] = retryAfter;
        return new(status, $$"""{"error":{"root_cause":[{"type":"{{type}}","reason":"{{reason}}"}],"type":"{{type}}","reason":"{{reason}}"},"status":{{status}}}""", headers);
    }

    public static ScriptedResponse Ok(string body = """{"acknowledged":true}""") =>
        new(200, body, new Dictionary<string, string> { ["X-Elastic-Product"] = "Elasticsearch" });

    public static ScriptedResponse Hanging() => new(0, "", new Dictionary<string, string>(), Hang: true);
}

/// <summary>A request body as it arrived, before any decoding.</summary>
public sealed record RecordedBody(string Path, string ContentEncoding, string AcceptEncoding, byte[] Wire);

/// <summary>A loopback port with nothing listening on it.</summary>
public static class ClosedPort
{
    public static Uri Uri()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
