using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VectorReindex.Tests.Shared;

/// <summary>
/// A loopback proxy in front of a local node that presents another Elasticsearch version and
/// applies Elasticsearch's REST compatibility rules to the Accept and Content-Type of every
/// request (RestCompatibleVersionHelper): a compatible-with version must be the server's major or
/// the one before; with a body, both headers carry the same version or neither does; the body's
/// type must be JSON or NDJSON. A request that breaks a rule gets the 400
/// media_type_header_exception a real server sends and is recorded in <see cref="Rejections"/>;
/// the rest are forwarded. Stands in until the local node validates media types itself.
/// </summary>
public sealed partial class MediaTypeCheckingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _backend;

    private MediaTypeCheckingProxy(WebApplication app, HttpClient backend, Uri uri, string version)
    {
        _app = app;
        _backend = backend;
        Uri = uri;
        PresentedVersion = version;
    }

    public Uri Uri { get; }

    public string PresentedVersion { get; }

    private int Major => int.Parse(PresentedVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every request: "METHOD /path | Accept | Content-Type".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The requests refused, with Elasticsearch's reason.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    public static async Task<MediaTypeCheckingProxy> StartAsync(Uri backend, string presentedVersion)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var http = new HttpClient { BaseAddress = backend };
        MediaTypeCheckingProxy? proxy = null;
        app.Run(context => proxy!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy = new MediaTypeCheckingProxy(app, http, new Uri(address.Replace("[::]", "127.0.0.1") + "/"), presentedVersion);
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var accept = request.Headers.Accept.ToString();
        var contentType = request.ContentType ?? "";
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var what = request.Method + " " + request.Path + request.QueryString;
        Requests.Enqueue(what + " | " + accept + " | " + contentType);

        var problem = Check(accept, contentType, body.Length > 0);
        if (problem != null)
        {
            Rejections.Enqueue(what + ": " + problem);
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            var reason = "Invalid media-type value on headers [Accept, Content-Type]";
            await context.Response.WriteAsync(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["root_cause"] = new JsonArray(new JsonObject { ["type"] = "media_type_header_exception", ["reason"] = reason }),
                    ["type"] = "media_type_header_exception",
                    ["reason"] = reason,
                    ["caused_by"] = new JsonObject { ["type"] = "status_exception", ["reason"] = problem },
                },
                ["status"] = 400,
            }.ToJsonString());
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.ToString().TrimStart('/') + request.QueryString);
        if (body.Length > 0)
        {
            forward.Content = new ByteArrayContent(body.ToArray());
            forward.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType.Contains("ndjson") ? "application/x-ndjson" : "application/json");
        }
        using var answer = await _backend.SendAsync(forward);
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        if (request.Method == "GET" && request.Path == "/" && answer.IsSuccessStatusCode && JsonNode.Parse(bytes) is JsonObject info)
        {
            info["version"]!["number"] = PresentedVersion;
            bytes = Encoding.UTF8.GetBytes(info.ToJsonString());
        }
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var header in answer.Headers) context.Response.Headers[header.Key] = header.Value.ToArray();
        context.Response.Headers.Remove("Transfer-Encoding");
        if (answer.Content.Headers.ContentType != null) context.Response.ContentType = answer.Content.Headers.ContentType.ToString();
        if (request.Method != "HEAD") await context.Response.Body.WriteAsync(bytes);
    }

    /// <summary>Elasticsearch's rules for the compatible-with versions of Accept and Content-Type; null when the request passes.</summary>
    private string? Check(string accept, string contentType, bool hasContent)
    {
        var acceptVersion = VersionOf(accept);
        var contentVersion = VersionOf(contentType);
        var current = Major;
        var a = acceptVersion ?? current;
        var c = contentVersion ?? current;
        if (a > current || a < current - 1)
            return $"Accept version must be either version {current} or {current - 1}, but found {a}. Accept={accept}";
        if (!hasContent) return null;
        if (!IsJsonFamily(contentType))
            return $"Content-Type header [{contentType}] is not supported";
        if (c > current || c < current - 1)
            return $"Content-Type version must be either version {current} or {current - 1}, but found {c}. Content-Type={contentType}";
        if (c != a)
            return "A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version " +
                $"and the compatible versions must match. Accept={accept}, Content-Type={contentType}";
        if ((contentVersion == null) != (acceptVersion == null))
            return $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept={accept}, Content-Type={contentType}";
        return null;
    }

    private static int? VersionOf(string header)
    {
        var match = CompatibleWith().Match(header);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static bool IsJsonFamily(string contentType)
    {
        var type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return type is "application/json" or "application/x-ndjson" or "application/vnd.elasticsearch+json" or "application/vnd.elasticsearch+x-ndjson";
    }

    [GeneratedRegex(@"compatible-with\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex CompatibleWith();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _backend.Dispose();
    }
}
