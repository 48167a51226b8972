using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VectorReindex.Core.Http
{
    /// <summary>
    /// HTTP transport for one cluster: one HttpClient, round-robin over its nodes with failover,
    /// authentication, gzip, bounded retries with backoff and jitter, and Elasticsearch's error
    /// bodies turned into <see cref="ElasticsearchException"/>. Immutable and thread-safe.
    /// </summary>
    public sealed class ElasticsearchTransport : IElasticsearchTransport
    {
        private readonly HttpClient _http;
        private readonly NodePool _pool;
        private readonly RetryPolicy _retry;
        private readonly ILogger _logger;

        public ElasticsearchTransport(TransportSettings settings, ILogger? logger = null, RetryPolicy? retryPolicy = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _logger = logger ?? NullLogger.Instance;
            _retry = retryPolicy ?? new RetryPolicy(settings);
            _pool = new NodePool(settings.Nodes, settings.DeadNodeTimeout);
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = 64,
                UseCookies = false,
                AllowAutoRedirect = false,
            };
            if (settings.SkipCertificateCheck)
                handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
            _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public TransportSettings Settings { get; }

        public async Task<ElasticsearchResponse> SendAsync(ElasticsearchRequest request, CancellationToken cancellationToken)
        {
            var waited = TimeSpan.Zero;
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var node = _pool.Next();
                var outcome = await TryOnceAsync(request, node, cancellationToken).ConfigureAwait(false);
                if (outcome.Response != null && !RetryPolicy.IsRetriableStatus(outcome.Response.StatusCode))
                    return Accept(request, outcome.Response);

                var delay = _retry.NextDelay(attempt + 1, waited, outcome.RetryAfter, request.MaxRetries);
                if (delay == null)
                {
                    if (outcome.Response != null) return Accept(request, outcome.Response);
                    throw outcome.Failure!;
                }
                _logger.LogWarning(
                    "{Request} on {Node} failed ({Reason}); retry {Retry} of {MaxRetries} in {DelayMs} ms.",
                    request.ToString(), node, outcome.Response != null ? "HTTP " + outcome.Response.StatusCode : outcome.Failure!.Message,
                    attempt + 1, Settings.MaxRetries, (int)delay.Value.TotalMilliseconds);
                await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
                waited += delay.Value;
            }
        }

        private ElasticsearchResponse Accept(ElasticsearchRequest request, ElasticsearchResponse response)
        {
            if (response.IsSuccess || request.AcceptAnyStatus || request.AcceptedStatuses.Contains(response.StatusCode)) return response;
            throw ToException(request, response);
        }

        private async Task<AttemptOutcome> TryOnceAsync(ElasticsearchRequest request, Uri node, CancellationToken cancellationToken)
        {
            var timeout = request.Timeout ?? Settings.RequestTimeout;
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            var clock = Stopwatch.StartNew();
            try
            {
                using var message = BuildMessage(request, node);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeoutCts.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var product = response.Headers.TryGetValues("X-Elastic-Product", out var values) ? values.FirstOrDefault() : null;
                _pool.MarkAlive(node);
                _logger.LogDebug("{Method} {Node}{Path} -> {Status} in {ElapsedMs} ms ({Bytes} bytes)",
                    request.Method, node, request.PathAndQuery.TrimStart('/'), (int)response.StatusCode, clock.ElapsedMilliseconds, body.Length);
                return new AttemptOutcome(new ElasticsearchResponse((int)response.StatusCode, body, product, node), null, response.Headers.RetryAfter);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new AttemptOutcome(null, new ElasticsearchException(
                    $"{request.Method} {node}{request.PathAndQuery.TrimStart('/')} did not answer within {timeout.TotalSeconds:0.#} s. " +
                    "The cluster may be overloaded; raise the timeout (-TimeoutSec) or retry later.",
                    ElasticsearchFailure.Timeout, request.Method.Method, request.PathAndQuery, node), null);
            }
            catch (HttpRequestException ex)
            {
                _pool.MarkDead(node);
                return new AttemptOutcome(null, new ElasticsearchException(
                    $"Could not connect to {node}: {ex.Innermost().Message}. Check that the address and port are right, " +
                    "that Elasticsearch is running there, and whether it needs https:// instead of http:// (or the reverse).",
                    ElasticsearchFailure.Connection, request.Method.Method, request.PathAndQuery, node, innerException: ex), null);
            }
            catch (IOException ex)
            {
                _pool.MarkDead(node);
                return new AttemptOutcome(null, new ElasticsearchException(
                    $"The connection to {node} broke during {request.Method} {request.Path}: {ex.Message}.",
                    ElasticsearchFailure.Connection, request.Method.Method, request.PathAndQuery, node, innerException: ex), null);
            }
        }

        private HttpRequestMessage BuildMessage(ElasticsearchRequest request, Uri node)
        {
            var message = new HttpRequestMessage(request.Method, new Uri(node, request.PathAndQuery.TrimStart('/')));
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            message.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            if (Settings.Credentials != null)
                message.Headers.Authorization = new AuthenticationHeaderValue(Settings.Credentials.Scheme, Settings.Credentials.HeaderParameter);
            if (request.Body != null)
                message.Content = new BodyWriterContent(request.Body, request.ContentType, Settings.CompressRequests);
            return message;
        }

        private static ElasticsearchException ToException(ElasticsearchRequest request, ElasticsearchResponse response)
        {
            var (type, reason, rootCause) = ErrorBodyParser.Parse(response.Body);
            var what = type != null ? $"{type}: {reason}" : reason ?? "no error body";
            var advice = ErrorAdvice.For(response.StatusCode, type);
            return new ElasticsearchException(
                $"{request.Method} {request.Path} failed on {response.Node} with HTTP {response.StatusCode} ({what}).{(advice.Length > 0 ? " " + advice : "")}",
                ElasticsearchFailure.ErrorResponse, request.Method.Method, request.PathAndQuery, response.Node,
                response.StatusCode, type, reason, rootCause);
        }

        public void Dispose() => _http.Dispose();

        public override string ToString() => "Elasticsearch transport to " + Settings;

        private sealed class AttemptOutcome
        {
            public AttemptOutcome(ElasticsearchResponse? response, ElasticsearchException? failure, RetryConditionHeaderValue? retryAfter)
            {
                Response = response;
                Failure = failure;
                RetryAfter = retryAfter;
            }

            public ElasticsearchResponse? Response { get; }
            public ElasticsearchException? Failure { get; }
            public RetryConditionHeaderValue? RetryAfter { get; }
        }

        /// <summary>Streams the request body from its writer, gzipped when the settings ask for it.</summary>
        private sealed class BodyWriterContent : HttpContent
        {
            private readonly Func<Stream, CancellationToken, Task> _writer;
            private readonly bool _gzip;

            public BodyWriterContent(Func<Stream, CancellationToken, Task> writer, string contentType, bool gzip)
            {
                _writer = writer;
                _gzip = gzip;
                Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                if (gzip) Headers.ContentEncoding.Add("gzip");
            }

            protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            {
                if (!_gzip)
                {
                    await _writer(stream, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
                await _writer(gzip, CancellationToken.None).ConfigureAwait(false);
            }

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }
        }
    }
}
