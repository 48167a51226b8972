using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Faults;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Http;

/// <summary>
/// Turns a Kestrel request into a routed REST call: product header, authentication, body limit,
/// content codings, REST API compatible media types,
/// path decoding, unknown-parameter checks, injected faults, error bodies, filter_path, HEAD.
/// </summary>
internal sealed class RequestDispatcher
{
    private const string JsonMediaType = "application/json";
    private readonly LocalNodeEngine _engine;
    private readonly RestRouter _router;

    public RequestDispatcher(LocalNodeEngine engine, RestRouter router)
    {
        _engine = engine;
        _router = router;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var options = _engine.Options;
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (options.AuthenticationEnabled && !IsAuthenticated(context.Request, options))
        {
            context.Response.Headers.WWWAuthenticate = new[] { "Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey" };
            var reason = $"unable to authenticate user for REST request [{context.Request.Path}]";
            var error = new ElasticsearchException(401, "security_exception", reason)
                .With("header", new System.Text.Json.Nodes.JsonObject { ["WWW-Authenticate"] = new System.Text.Json.Nodes.JsonArray("Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey") });
            var refusal = RestResponse.Error(error);
            await WriteAsync(context, refusal, null, JsonMediaType);
            refusal.Release();
            return;
        }
        RestResponse response;
        string? filterPath = null;
        var mediaType = JsonMediaType;
        PooledBufferWriter? received = null;
        PooledBufferWriter? inflated = null;
        try
        {
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
            CheckLineAndHeaderSizes(context.Request, rawTarget);
            if (context.Request.ContentLength > options.MaxContentLength)
                throw ContentTooLong(options.MaxContentLength);
            received = await ReadBodyAsync(context.Request, options.MaxContentLength, options.RequestBodyIdleTimeout);
            var body = received?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;
            inflated = ContentCoding.Decode(body, context.Request.Headers.ContentEncoding.ToString(), options.MaxContentLength);
            if (inflated != null)
            {
                received!.Dispose();
                received = null;
                body = inflated.WrittenMemory;
            }
            var accept = context.Request.Headers.Accept;
            var contentType = context.Request.Headers.ContentType;
            mediaType = CompatibleMediaTypes.Negotiate(accept.Count == 0 ? null : accept.ToString(), contentType.Count == 0 ? null : contentType.ToString(), !body.IsEmpty, _engine.Profile);
            var queryStart = rawTarget.IndexOf('?');
            var rawPath = queryStart >= 0 ? rawTarget[..queryStart] : rawTarget;
            var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            var path = "/" + string.Join("/", segments);
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in context.Request.Query)
                query[key] = value.ToString();
            filterPath = query.GetValueOrDefault("filter_path");
            var method = context.Request.Method;
            var match = _router.Match(method, segments);
            if (match.Route == null)
            {
                response = match.AllowedMethods.Count > 0
                    ? RestResponse.Raw(405, JsonSerializer.Serialize(new { error = $"Incorrect HTTP method for uri [{rawTarget}] and method [{method}], allowed: [{string.Join(", ", match.AllowedMethods)}]", status = 405 }))
                    : RestResponse.Raw(400, JsonSerializer.Serialize(new { error = $"no handler found for uri [{rawTarget}] and method [{method}]" }));
            }
            else
            {
                var unknown = RestRouter.CheckParameters(match.Route, path, query.Keys);
                if (unknown != null)
                    throw unknown;
                if (!path.StartsWith("/_localnode", StringComparison.Ordinal) && segments.Length > 0)
                {
                    var faults = _engine.Faults.Settings;
                    if (faults.LatencyMs > 0)
                        await Task.Delay(faults.LatencyMs);
                    if (_engine.Faults.RejectRequest())
                        throw FaultInjector.Rejection("request");
                }
                var request = new RestRequest(method, path, match.Values, query, body, context);
                var handler = match.Route.Handler;
                response = PoolFor(match.Route) is { } pool
                    ? await pool.RunAsync($"{method} {path}", () => handler(request))
                    : await handler(request);
            }
        }
        catch (ElasticsearchException ex)
        {
            response = RestResponse.Error(ex);
        }
        catch (JsonException ex)
        {
            response = RestResponse.Error(Errors.ParseError(ex.Message));
        }
        catch (BadHttpRequestException ex)
        {
            response = RestResponse.Error(new ElasticsearchException(ex.StatusCode, "illegal_argument_exception", ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or InvalidCastException or KeyNotFoundException)
        {
            response = RestResponse.Error(new ElasticsearchException(400, "illegal_argument_exception", ex.Message));
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A fault of the node itself still answers with an error body, as Elasticsearch's 500s do.
            response = RestResponse.Error(new ElasticsearchException(500, "exception", $"{ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            received?.Dispose();
            inflated?.Dispose();
        }
        try
        {
            await WriteAsync(context, response, filterPath, mediaType);
        }
        finally
        {
            response.Release();
        }
    }

    /// <summary>The pool a route's requests run on (null: the request's own thread, as for cluster and index administration).</summary>
    private NodeThreadPool? PoolFor(RestRoute route) => route.ThreadPool switch
    {
        "write" => _engine.WritePool,
        "search" => _engine.SearchPool,
        "refresh" => _engine.RefreshPool,
        _ => null,
    };

    /// <summary>Elasticsearch's http.max_initial_line_length and http.max_header_size (Kestrel's own limits sit far above them).</summary>
    private const int MaxInitialLineLength = 4096;
    private const int MaxHeaderSize = 16 * 1024;

    private static void CheckLineAndHeaderSizes(HttpRequest request, string rawTarget)
    {
        var line = request.Method.Length + 1 + rawTarget.Length + 1 + request.Protocol.Length;
        if (line > MaxInitialLineLength)
            throw new ElasticsearchException(400, "too_long_http_line_exception", $"An HTTP line is larger than {MaxInitialLineLength} bytes.");
        var headers = 0;
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
                headers += name.Length + 2 + (value?.Length ?? 0) + 2;
        if (headers > MaxHeaderSize)
            throw new ElasticsearchException(400, "too_long_http_header_exception", $"HTTP header is larger than {MaxHeaderSize} bytes.");
    }

    private static ElasticsearchException ContentTooLong(long limit)
        => new(413, "content_too_long_exception", $"request body is larger than http.max_content_length [{limit}] bytes");

    /// <summary>
    /// Reads the whole body within the content length limit, chunked or not. A read that brings no byte
    /// for <paramref name="idleTimeout"/> ends the request with 408, so a stalled client frees its connection.
    /// </summary>
    private static async Task<PooledBufferWriter?> ReadBodyAsync(HttpRequest request, long limit, TimeSpan idleTimeout)
    {
        if (request.ContentLength == 0)
            return null;
        // A chunked body (bulk clients stream them) starts at 1 MiB of pooled buffer, so a typical bulk
        // request grows it once or not at all instead of doubling from a few kilobytes. The cap is one
        // byte past the limit, which is how a body over it is noticed.
        var buffer = new PooledBufferWriter(request.ContentLength is { } known ? (int)known : 1024 * 1024, limit + 1);
        using var idle = new CancellationTokenSource();
        try
        {
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                var read = await request.Body.ReadAsync(buffer.GetMemory(), idle.Token);
                if (read == 0)
                    break;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    throw ContentTooLong(limit);
                if (!idle.TryReset())
                    throw BodyTimedOut(idleTimeout);
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            buffer.Dispose();
            throw BodyTimedOut(idleTimeout);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return buffer;
    }

    private static ElasticsearchException BodyTimedOut(TimeSpan idleTimeout)
        => new(408, "timeout_exception", $"the request body stopped arriving: no bytes for [{idleTimeout.TotalSeconds:0.###}s]");

    private async Task WriteAsync(HttpContext context, RestResponse response, string? filterPath, string mediaType)
    {
        var body = response.Body;
        if (filterPath != null && response.IsJson && !body.IsEmpty)
        {
            var filtered = FilterPath.Apply(System.Text.Json.Nodes.JsonNode.Parse(body.Span), filterPath);
            body = Encoding.UTF8.GetBytes(filtered?.ToJsonString() ?? "{}");
        }
        context.Response.StatusCode = response.Status;
        if (response.Headers != null)
            foreach (var (key, value) in response.Headers)
                context.Response.Headers[key] = value;
        if (body.IsEmpty && response.Status != 200 && !HttpMethods.IsHead(context.Request.Method))
            return;
        context.Response.ContentType = response.IsJson ? mediaType : response.ContentType;
        var coding = _engine.Options.HttpCompression && !body.IsEmpty && !HttpMethods.IsHead(context.Request.Method) ? ContentCoding.ChooseResponseCoding(context.Request.Headers.AcceptEncoding.ToString()) : null;
        if (coding != null)
        {
            body = ContentCoding.Encode(body.Span, coding);
            context.Response.Headers.ContentEncoding = coding;
        }
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(body);
    }

    private static bool IsAuthenticated(HttpRequest request, LocalNodeOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (options.User != null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                return SecretEquals(decoded, options.User + ":" + options.Password);
            }
            catch (FormatException)
            {
                return false;
            }
        }
        if (options.ApiKey != null && header.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
            return SecretEquals(header[7..].Trim(), options.ApiKey);
        return false;
    }

    /// <summary>Compares credentials in time independent of where they differ (and of their lengths, by hashing first).</summary>
    private static bool SecretEquals(string given, string expected)
        => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
