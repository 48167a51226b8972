using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VectorReindex.LocalNode;

/// <summary>
/// An Elasticsearch-compatible single node over Kestrel. Start it in process (tests use port 0)
/// or from the command line (Program.cs).
/// </summary>
public sealed class LocalNodeServer : IAsyncDisposable
{
    /// <summary>The version this node presents in <c>GET /</c>.</summary>
    public const string PresentedVersion = "8.17.0";

    private readonly WebApplication _app;

    private LocalNodeServer(WebApplication app, LocalNodeOptions options, Uri uri)
    {
        _app = app;
        Options = options;
        Uri = uri;
    }

    public LocalNodeOptions Options { get; }

    /// <summary>Base address, for example http://127.0.0.1:53211/.</summary>
    public Uri Uri { get; }

    public static async Task<LocalNodeServer> StartAsync(LocalNodeOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port);
        });
        var app = builder.Build();
        var node = new NodeIdentity(options);
        app.Run(context => HandleAsync(context, options, node));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return new LocalNodeServer(app, options, new Uri($"http://{options.Host}:{bound.Port}/"));
    }

    private static async Task HandleAsync(HttpContext context, LocalNodeOptions options, NodeIdentity node)
    {
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (options.AuthenticationEnabled && !IsAuthenticated(context.Request, options))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = new[] { "Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey" };
            await WriteJsonAsync(context, """{"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user for REST request [""" + context.Request.Path + """]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate user for REST request [""" + context.Request.Path + """]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","ApiKey"]}},"status":401}""");
            return;
        }
        var path = context.Request.Path.Value ?? "/";
        if (path == "/" && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            await WriteJsonAsync(context, node.InfoJson);
            return;
        }
        context.Response.StatusCode = 400;
        await WriteJsonAsync(context, """{"error":"no handler found for uri [""" + path + """] and method [""" + context.Request.Method + """]"}""");
    }

    private static bool IsAuthenticated(HttpRequest request, LocalNodeOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (options.User != null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                return decoded == options.User + ":" + options.Password;
            }
            catch (FormatException)
            {
                return false;
            }
        }
        if (options.ApiKey != null && header.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
            return header[7..].Trim() == options.ApiKey;
        return false;
    }

    internal static async Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(bytes);
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
