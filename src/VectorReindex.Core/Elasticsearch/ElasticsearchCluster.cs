using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetHttpMethod = System.Net.Http.HttpMethod;
using TransportHttpMethod = Elastic.Transport.HttpMethod;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// One connection to one cluster: the official <see cref="ElasticsearchClient"/> and what was
    /// learned at connect time (server, version, capabilities, media types). Typed requests go
    /// through <see cref="CallAsync{TResponse}"/>, byte bodies and responses (bulk, PIT pages,
    /// free-form JSON) through <see cref="SendAsync"/> on the same client's transport; both run
    /// under the one <see cref="RetryPolicy"/>. Immutable and thread-safe.
    /// </summary>
    public sealed class ElasticsearchCluster : IDisposable
    {
        // Lower case: the client's product check looks the header up as "x-elastic-product" in a
        // case-sensitive map keyed by the names asked for, so another casing hides it and fails the check.
        internal const string ProductHeader = "x-elastic-product";
        private const string RetryAfterHeader = "retry-after";
        // What ClusterConnector's probe calls the cluster before GET / has named it.
        internal const string Unknown = "unknown";
        private static readonly string[] HeadersToParse = { RetryAfterHeader, ProductHeader };

        private readonly ILogger _logger;
        private readonly IDisposable? _owned;
        private readonly ServerCertificateTrust? _trust;

        /// <param name="client">Used as given; its own retries, node pool and TLS settings apply beneath the retry policy.</param>
        /// <param name="server">What GET / reported (see <c>ClusterConnector</c>).</param>
        /// <param name="owned">Disposed with this cluster (the settings Core built); null for a caller's client.</param>
        public ElasticsearchCluster(ElasticsearchClient client, ServerInfo server, RetryPolicy? retry = null, ILogger? logger = null,
            string? authentication = null, IDisposable? owned = null)
            : this(client, server, retry, logger, authentication, owned, null, base64Vectors: true)
        {
        }

        internal ElasticsearchCluster(ElasticsearchClient client, ServerInfo server, RetryPolicy? retry, ILogger? logger,
            string? authentication, IDisposable? owned, ServerCertificateTrust? trust, bool base64Vectors)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            Server = server ?? throw new ArgumentNullException(nameof(server));
            Capabilities = ClusterCapabilities.For(server.Version);
            Retry = retry ?? new RetryPolicy(new RetrySettings());
            _logger = logger ?? NullLogger.Instance;
            Authentication = authentication ?? DescribeAuthentication(client);
            _owned = owned;
            _trust = trust;
            Nodes = client.ElasticsearchClientSettings.NodePool.Nodes.Select(n => n.Uri).ToList();
            SendsBase64Vectors = base64Vectors && Capabilities.Base64Vectors;
        }

        public ElasticsearchClient Client { get; }

        public ServerInfo Server { get; }

        public ClusterCapabilities Capabilities { get; }

        public RetryPolicy Retry { get; }

        /// <summary>Float vectors written to this cluster go as base64 of big-endian float32 (9.3+, unless the connection turned it off).</summary>
        public bool SendsBase64Vectors { get; }

        /// <summary>The node addresses of the client's pool.</summary>
        public IReadOnlyList<Uri> Nodes { get; }

        /// <summary>"basic (user elastic)", "API key", "bearer token" or "none": never the secret.</summary>
        public string Authentication { get; }

        /// <summary>
        /// Sends a request whose body and response stay bytes: the NDJSON of a bulk, a PIT page, a
        /// mapping. Throws <see cref="ElasticsearchException"/> for a status the request does not
        /// accept, and for connection failures and timeouts once retries are spent.
        /// </summary>
        public async Task<RawResponse> SendAsync(ElasticsearchRequest request, CancellationToken cancellationToken)
        {
            var path = new EndpointPath(ToTransport(request.Method), request.PathAndQuery.TrimStart('/'));
            var body = request.Body == null
                ? null
                : PostData.StreamHandler(request.Body,
                    (write, stream) => write(stream, CancellationToken.None).GetAwaiter().GetResult(),
                    (write, stream, ct) => write(stream, ct));
            var media = Capabilities.MediaTypes;
            var configuration = Configure(media.Json, request.IsNdJson ? media.NdJson : media.Json, request.Timeout);
            // A bulk body (megabytes) goes to the socket as it is written. Without chunked encoding the
            // transport first copies the whole body into a MemoryStream that grows by doubling: ~16 KiB
            // of large-object allocation per copied document, and gen2 collections that stop both cores.
            if (request.IsNdJson && body != null) configuration = new RequestConfigurationDescriptor(configuration).TransferEncodingChunked(true);
            RawResponse raw;
            ApiCallDetails details;
            if (request.PooledResponse)
            {
                using var response = await RunAsync(request.Method.Method, request.PathAndQuery, request.MaxRetries,
                    ct => Client.Transport.RequestAsync<StreamResponse>(path, body, null, configuration, ct), cancellationToken).ConfigureAwait(false);
                details = response.ApiCallDetails;
                raw = response.Body == null
                    ? new RawResponse(details.HttpStatusCode ?? 0, Array.Empty<byte>(), Header(details, ProductHeader), NodeOf(details))
                    : await RawResponse.ReadPooledAsync(details.HttpStatusCode ?? 0, response.Body, null, Header(details, ProductHeader), NodeOf(details), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var response = await RunAsync(request.Method.Method, request.PathAndQuery, request.MaxRetries,
                    ct => Client.Transport.RequestAsync<BytesResponse>(path, body, null, configuration, ct), cancellationToken).ConfigureAwait(false);
                details = response.ApiCallDetails;
                raw = new RawResponse(details.HttpStatusCode ?? 0, response.Body ?? Array.Empty<byte>(), Header(details, ProductHeader), NodeOf(details));
            }
            if (raw.IsSuccess && !details.HasExpectedContentType && !request.AcceptAnyStatus)
            {
                raw.Dispose();
                throw new ElasticsearchException(
                    $"{request.Method} {request.Path} on {raw.Node} answered HTTP {raw.StatusCode} with Content-Type '{details.ResponseContentType}', not the JSON that was asked for ({media.Json}). " +
                    "A proxy in front of the cluster may be rewriting responses.",
                    ElasticsearchFailure.ErrorResponse, request.Method.Method, request.PathAndQuery, raw.Node, raw.StatusCode);
            }
            if (raw.IsSuccess || request.AcceptAnyStatus || request.AcceptedStatuses.Contains(raw.StatusCode)) return raw;
            var (type, reason, rootCause) = ErrorBodyParser.Parse(raw.Body);
            raw.Dispose();
            throw ErrorResponse(request.Method.Method, request.PathAndQuery, raw.Node, raw.StatusCode, type, reason, rootCause);
        }

        /// <summary>
        /// Runs one typed request of the client with this connection's media types and timeout,
        /// retried under the policy. A status outside 2xx and <paramref name="acceptedStatuses"/>
        /// throws <see cref="ElasticsearchException"/> with Elasticsearch's error.
        /// </summary>
        /// <param name="describe">Method and path for messages, for example "GET /_cluster/health/products".</param>
        public async Task<TResponse> CallAsync<TResponse>(string describe, Func<IRequestConfiguration, CancellationToken, Task<TResponse>> call,
            CancellationToken cancellationToken, params int[] acceptedStatuses)
            where TResponse : ElasticsearchResponse
        {
            var json = Capabilities.MediaTypes.IsClientDefault ? null : Capabilities.MediaTypes.Json;
            var configuration = Configure(json, json, null);
            var space = describe.IndexOf(' ');
            var method = space > 0 ? describe.Substring(0, space) : describe;
            var pathText = space > 0 ? describe.Substring(space + 1) : "/";
            var response = await RunAsync(method, pathText, null, ct => call(configuration, ct), cancellationToken).ConfigureAwait(false);
            var status = response.ApiCallDetails.HttpStatusCode ?? 0;
            if (acceptedStatuses.Contains(status)) return response;
            if (status >= 200 && status < 300)
            {
                if (response.ApiCallDetails.OriginalException is Exception unreadable && method != "HEAD")
                    throw new ElasticsearchException(
                        $"{method} {pathText} on {NodeOf(response.ApiCallDetails)} answered HTTP {status} with a body the client could not read ({unreadable.Innermost().Message}).",
                        ElasticsearchFailure.ErrorResponse, method, pathText, NodeOf(response.ApiCallDetails), status, innerException: unreadable);
                return response;
            }
            var error = response.ElasticsearchServerError?.Error;
            var causes = error?.RootCause?.Select(c => new ElasticsearchErrorCause(c.Type, c.Reason, c.Index)).ToList()
                ?? (IReadOnlyList<ElasticsearchErrorCause>)Array.Empty<ElasticsearchErrorCause>();
            throw ErrorResponse(method, pathText, NodeOf(response.ApiCallDetails), status, error?.Type, error?.Reason, causes);
        }

        /// <summary>Per-request settings every call carries: Accept and Content-Type (null: the client's own), timeout, and the headers the policy reads.</summary>
        /// <remarks>
        /// Built with the descriptor, never with RequestConfiguration's property setters: those are init-only in the
        /// net8+ builds of Elastic.Transport and plain setters in the netstandard2.0 build Core compiles against.
        /// </remarks>
        internal IRequestConfiguration Configure(string? accept, string? contentType, TimeSpan? timeout)
        {
            var configuration = new RequestConfigurationDescriptor().ResponseHeadersToParse(HeadersToParse);
            if (accept != null) configuration.Accept(accept);
            if (contentType != null) configuration.ContentType(contentType);
            if (timeout.HasValue) configuration.RequestTimeout(timeout.Value);
            return configuration;
        }

        /// <summary>The per-request settings of <see cref="CallAsync{TResponse}"/> with a longer timeout (a wait_for call).</summary>
        public IRequestConfiguration Configure(IRequestConfiguration configuration, TimeSpan timeout) =>
            new RequestConfigurationDescriptor(configuration).RequestTimeout(timeout);

        /// <summary>
        /// The one retry loop: connection failures and 429/502/503/504 are tried again after the
        /// policy's backoff (or Retry-After) until its count or time budget is spent; then the last
        /// answer is returned (the caller raises it) or the connection failure thrown.
        /// </summary>
        private async Task<T> RunAsync<T>(string method, string path, int? maxRetries, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
            where T : TransportResponse
        {
            var waited = TimeSpan.Zero;
            for (var retry = 1; ; retry++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                T? response = null;
                ElasticsearchException? failure;
                TimeSpan? retryAfter = null;
                try
                {
                    response = await attempt(cancellationToken).ConfigureAwait(false);
                    failure = FailureOf(method, path, response.ApiCallDetails, cancellationToken);
                }
                catch (UnsupportedProductException ex)
                {
                    throw new ElasticsearchException(
                        $"{method} {path}: the server is not Elasticsearch (its answers carry no 'X-Elastic-Product: Elasticsearch' header), so the client refuses to talk to it.",
                        ElasticsearchFailure.NotElasticsearch, method, path, Nodes.FirstOrDefault(), innerException: ex);
                }
                catch (TransportException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = FailureOf(method, path, ex.ApiCallDetails, cancellationToken, ex);
                    if (failure == null) throw;
                }
                cancellationToken.ThrowIfCancellationRequested();
                if (response != null && failure == null)
                {
                    var status = response.ApiCallDetails.HttpStatusCode ?? 0;
                    _logger.LogDebug("{Method} {Path} -> {Status} in {ElapsedMs} ms", method, path, status, clock.ElapsedMilliseconds);
                    if (!RetryPolicy.IsRetriableStatus(status)) return response;
                    retryAfter = RetryPolicy.ParseRetryAfter(Header(response.ApiCallDetails, RetryAfterHeader));
                }
                else if (failure!.Failure == ElasticsearchFailure.UntrustedCertificate)
                {
                    throw failure;
                }

                var delay = Retry.NextDelay(retry, waited, retryAfter, maxRetries);
                if (delay == null)
                {
                    if (failure == null) return response!;
                    throw failure;
                }
                _logger.LogWarning("{Method} {Path} failed ({Reason}); retry {Retry} of {MaxRetries} in {DelayMs} ms.",
                    method, path, failure?.Message ?? "HTTP " + response!.ApiCallDetails.HttpStatusCode, retry, maxRetries ?? Retry.Settings.MaxRetries,
                    (int)delay.Value.TotalMilliseconds);
                (response as IDisposable)?.Dispose(); // a streamed answer holds its connection until disposed
                await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
                waited += delay.Value;
            }
        }

        /// <summary>Null when an HTTP answer came back; otherwise the connection failure, timeout or untrusted certificate it was.</summary>
        private ElasticsearchException? FailureOf(string method, string path, ApiCallDetails? details, CancellationToken cancellationToken, Exception? thrown = null)
        {
            if (details?.HttpStatusCode != null) return null;
            var cause = details?.OriginalException ?? thrown;
            var node = details != null ? NodeOf(details) : Nodes.FirstOrDefault();
            if (cause == null)
                return Named(new ElasticsearchException($"{method} {path} on {Where(node)} got no answer.", ElasticsearchFailure.Connection, method, path, node));
            var chain = Chain(cause).ToList();
            if (chain.OfType<AuthenticationException>().Any() && _trust != null)
            {
                var seen = _trust.LastRejected;
                return new ElasticsearchException(
                    $"The server at {node} presented a TLS certificate this connection does not trust" +
                    (seen != null ? $" (its chain ends in '{seen.Subject}', SHA-256 fingerprint {seen.Fingerprint})." : ".") +
                    " Trust the cluster's HTTP CA by its fingerprint or by its PEM file (Elasticsearch prints the fingerprint at first start and keeps the CA in config/certs/http_ca.crt).",
                    ElasticsearchFailure.UntrustedCertificate, method, path, node, innerException: cause)
                {
                    CertificateFingerprint = seen?.Fingerprint,
                    CertificateSubject = seen?.Subject,
                };
            }
            var timedOut = !cancellationToken.IsCancellationRequested &&
                (chain.Any(e => e is TimeoutException || e is OperationCanceledException) ||
                 chain.OfType<PipelineException>().Any(e => e.FailureReason == PipelineFailure.MaxTimeoutReached));
            if (timedOut)
            {
                var timeout = Client.ElasticsearchClientSettings.RequestTimeout ?? TimeSpan.FromMinutes(1);
                return Named(new ElasticsearchException(
                    $"{method} {node}{path.TrimStart('/')} {(Server.ClusterName == Unknown ? "" : $"(cluster {Server.ClusterName}) ")}did not answer within {timeout.TotalSeconds:0.#} s. The cluster may be overloaded; raise the timeout or retry later.",
                    ElasticsearchFailure.Timeout, method, path, node, innerException: cause));
            }
            var innermost = chain.Last();
            return Named(new ElasticsearchException(
                $"Could not connect to {Where(node)}: {innermost.Message}. Check that the address and port are right, " +
                "that Elasticsearch is running there, and whether it needs https:// instead of http:// (or the reverse).",
                ElasticsearchFailure.Connection, method, path, node, innerException: cause));
        }

        private static IEnumerable<Exception> Chain(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                yield return e;
                if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
                    foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
            }
        }

        private ElasticsearchException ErrorResponse(string method, string path, Uri? node, int status,
            string? type, string? reason, IReadOnlyList<ElasticsearchErrorCause> rootCause)
        {
            var what = type != null ? $"{type}: {reason}" : reason ?? "no error body";
            var advice = ErrorAdvice.For(status, type);
            var pathOnly = path.Split('?')[0];
            return Named(new ElasticsearchException(
                $"{method} {pathOnly} failed on {Where(node)} with HTTP {status} ({what}).{(advice.Length > 0 ? " " + advice : "")}",
                ElasticsearchFailure.ErrorResponse, method, path, node, status, type, reason, rootCause));
        }

        /// <summary>
        /// "cluster old-prod at http://host:9200/" once the cluster is known (after connect), else the
        /// node: a migration talks to two clusters, and an error must say which one failed.
        /// </summary>
        private string Where(Uri? node) => Server.ClusterName == Unknown ? $"{node}" : $"cluster {Server.ClusterName} at {node}";

        private ElasticsearchException Named(ElasticsearchException exception)
        {
            if (Server.ClusterName != Unknown) exception.ClusterName = Server.ClusterName;
            return exception;
        }

        internal static string? Header(ApiCallDetails details, string name) =>
            details.TryGetHeader(name, out var values) ? values?.FirstOrDefault() : null;

        internal static Uri NodeOf(ApiCallDetails details) =>
            details.Uri == null ? new Uri("http://unknown/") : new Uri(details.Uri.GetLeftPart(UriPartial.Authority) + "/");

        private static TransportHttpMethod ToTransport(NetHttpMethod method) => method.Method switch
        {
            "GET" => TransportHttpMethod.GET,
            "POST" => TransportHttpMethod.POST,
            "PUT" => TransportHttpMethod.PUT,
            "DELETE" => TransportHttpMethod.DELETE,
            "HEAD" => TransportHttpMethod.HEAD,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method.Method, "Elasticsearch's REST API uses GET, POST, PUT, DELETE and HEAD."),
        };

        private static string DescribeAuthentication(ElasticsearchClient client) =>
            client.ElasticsearchClientSettings.Authentication?.AuthScheme switch
            {
                null => "none",
                "Basic" => "basic",
                "ApiKey" => "API key",
                "Bearer" => "bearer token",
                var scheme => scheme,
            };

        public void Dispose() => _owned?.Dispose();

        public override string ToString() => $"{Server.ClusterName} (Elasticsearch {Server.VersionNumber}) at {string.Join(", ", Nodes.Select(n => n.ToString()))}";
    }
}
