using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Embeddings;
using EmbeddingGenerationOptions = Microsoft.Extensions.AI.EmbeddingGenerationOptions;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// Embeds through any OpenAI-compatible embeddings API (OpenAI, Azure OpenAI, Ollama /v1, vLLM,
    /// TEI) with the official OpenAI client's <see cref="EmbeddingClient"/>, as an IEmbeddingGenerator.
    /// Around it: inputs split into batches, a bounded number of requests in flight, retries under
    /// Core's one <see cref="RetryPolicy"/> (the client's own retries are off), answers put back in
    /// input order by their index (Microsoft.Extensions.AI.OpenAI's adapter keeps the answer's
    /// order, which the API does not promise) and checked for count and dimensions. Thread-safe.
    /// The API key is used only by the client's authentication policy; no message, log or ToString shows it.
    /// </summary>
    public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private const int MaxErrorTextLength = 500;

        private readonly Shared _shared;
        private readonly ILogger _logger;

        public OpenAIEmbeddingGenerator(OpenAIEmbeddingOptions options, string? apiKey = null, ILogger? logger = null, HttpMessageHandler? handler = null)
            : this(new Shared(options ?? throw new ArgumentNullException(nameof(options)), apiKey, handler), logger)
        {
        }

        private OpenAIEmbeddingGenerator(Shared shared, ILogger? logger)
        {
            _shared = shared;
            _logger = logger ?? NullLogger.Instance;
        }

        public OpenAIEmbeddingOptions Options => _shared.Options;

        /// <summary>
        /// The same generator (connection pool, concurrency limit, key) logging to
        /// <paramref name="logger"/>: for a cmdlet run that wants retries in its Warning stream.
        /// Disposing the returned view does not close the shared connection pool.
        /// </summary>
        public OpenAIEmbeddingGenerator WithLogger(ILogger logger) => new OpenAIEmbeddingGenerator(_shared.AsView(), logger);

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            var inputs = values.ToList();
            if (inputs.Any(v => v == null)) throw new ArgumentException("An input text is null.", nameof(values));
            var request = new EmbeddingGenerationOptions
            {
                ModelId = Options.Model, // the client is bound to one model, the one recorded in _meta
                Dimensions = options?.Dimensions ?? Options.Dimensions,
            };
            var results = new Embedding<float>[inputs.Count];
            var usage = new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 };

            using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var batches = new List<Task>();
            for (var offset = 0; offset < inputs.Count; offset += Options.BatchSize)
            {
                var count = Math.Min(Options.BatchSize, inputs.Count - offset);
                batches.Add(EmbedBatchAsync(inputs.GetRange(offset, count), offset, request, results, usage, failFast));
            }
            await Task.WhenAll(batches).ConfigureAwait(false);

            if (request.Dimensions == null && results.Length > 0 && results.Any(r => r.Vector.Length != results[0].Vector.Length))
                throw new EmbeddingException($"{Describe()} returned vectors of different lengths ({string.Join(", ", results.Select(r => r.Vector.Length).Distinct())}) for one model.");
            return new GeneratedEmbeddings<Embedding<float>>(results) { Usage = usage };
        }

        private async Task EmbedBatchAsync(
            List<string> batch, int offset, EmbeddingGenerationOptions request, Embedding<float>[] results, UsageDetails usage, CancellationTokenSource failFast)
        {
            var cancellationToken = failFast.Token;
            await _shared.Concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var answer = await SendAsync(batch, request, cancellationToken).ConfigureAwait(false);
                if (answer.Count != batch.Count)
                    throw new EmbeddingException($"{Describe()} returned {answer.Count} embeddings for {batch.Count} inputs.");
                var seen = new bool[batch.Count];
                var createdAt = DateTimeOffset.UtcNow;
                foreach (var item in answer)
                {
                    if (item.Index < 0 || item.Index >= batch.Count || seen[item.Index])
                        throw new EmbeddingException($"{Describe()} returned an embedding with index {item.Index}, which is out of range or repeated for {batch.Count} inputs.");
                    seen[item.Index] = true;
                    var vector = item.ToFloats();
                    if (vector.Length == 0)
                        throw new EmbeddingException($"{Describe()} returned an empty embedding for input {offset + item.Index}.");
                    if (request.Dimensions is int dimensions && vector.Length != dimensions)
                        throw new EmbeddingException($"{Describe()} returned {vector.Length} dimensions for input {offset + item.Index}; {dimensions} were requested. Check that the model supports the dimensions parameter.");
                    results[offset + item.Index] = new Embedding<float>(vector) { ModelId = answer.Model ?? request.ModelId, CreatedAt = createdAt };
                }
                lock (usage)
                {
                    usage.InputTokenCount += answer.Usage?.InputTokenCount ?? 0;
                    usage.TotalTokenCount += answer.Usage?.TotalTokenCount ?? 0;
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                failFast.Cancel(); // the call fails as a whole: stop the other batches
                throw;
            }
            finally
            {
                _shared.Concurrency.Release();
            }
        }

        /// <summary>One batch under Core's retry policy: each try is a new request from the client.</summary>
        private async Task<OpenAIEmbeddingCollection> SendAsync(List<string> batch, EmbeddingGenerationOptions request, CancellationToken cancellationToken)
        {
            var waited = TimeSpan.Zero;
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EmbeddingException failure;
                TimeSpan? retryAfter = null;
                try
                {
                    var options = new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = request.Dimensions };
                    return (await _shared.Client.GenerateEmbeddingsAsync(batch, options, cancellationToken).ConfigureAwait(false)).Value;
                }
                catch (ClientResultException ex) when (ex.Status != 0)
                {
                    var response = ex.GetRawResponse();
                    failure = new EmbeddingException($"{Describe()} answered HTTP {ex.Status} for {batch.Count} inputs: {ErrorText(response)}", ex.Status);
                    if (!IsRetriable(ex.Status)) throw failure;
                    retryAfter = response != null && response.Headers.TryGetValue("Retry-After", out var header) ? RetryPolicy.ParseRetryAfter(header) : null;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new EmbeddingException($"{Describe()} did not answer within {Options.RequestTimeout.TotalSeconds:0.#} s.");
                }
                catch (ClientResultException ex)
                {
                    // Status 0: no answer at all (refused, reset, name not resolved).
                    var cause = ex.Innermost();
                    failure = new EmbeddingException($"Could not reach {Describe()}: {_shared.Redact(cause.Message)}.", null, cause is ClientResultException ? null : cause);
                }
                catch (HttpRequestException ex)
                {
                    failure = new EmbeddingException($"Could not reach {Describe()}: {ex.Innermost().Message}.", null, ex);
                }
                catch (IOException ex)
                {
                    failure = new EmbeddingException($"The connection to {Describe()} broke: {ex.Message}.", null, ex);
                }
                catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException || ex is KeyNotFoundException)
                {
                    throw new EmbeddingException($"{Describe()} answered with something that is not an OpenAI embeddings response ({ex.Message}). Check the endpoint: /embeddings is appended to it.", 200, ex);
                }

                var delay = _shared.Retry.NextDelay(attempt + 1, waited, retryAfter);
                if (delay == null) throw failure;
                _logger.LogWarning("{Failure} Retry {Retry} of {MaxRetries} in {DelayMs} ms.",
                    failure.Message, attempt + 1, Options.Retry.MaxRetries, (int)delay.Value.TotalMilliseconds);
                await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
                waited += delay.Value;
            }
        }

        // OpenAI documents 500 as "retry after a brief wait", beyond the gateway statuses the policy knows.
        private static bool IsRetriable(int status) => RetryPolicy.IsRetriableStatus(status) || status == 500;

        /// <summary>The endpoint's own words: OpenAI's error.message, else the start of the body (TEI, a proxy's HTML page).</summary>
        private string ErrorText(PipelineResponse? response)
        {
            var text = response?.Content?.ToString() ?? "";
            string? message = null;
            try
            {
                if (text.Length > 0) message = JsonSerializer.Deserialize(text, EmbeddingJsonContext.Default.OpenAIErrorResponse)?.Error?.Message;
            }
            catch (JsonException)
            {
                // Not OpenAI's error shape: show the raw text instead.
            }
            message ??= text.Length > MaxErrorTextLength ? text.Substring(0, MaxErrorTextLength) + "..." : text;
            if (message.Length == 0) message = response?.ReasonPhrase is { Length: > 0 } reason ? reason : "no error body";
            return _shared.Redact(message);
        }

        private string Describe() => "the embeddings endpoint " + _shared.SafeEndpoint + " (model " + Options.Model + ")";

        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType == null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey != null) return null;
            if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _shared.Metadata;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        public void Dispose() => _shared.Dispose();

        public override string ToString() => EmbedderDescriptor.OpenAI(Options.Endpoint, Options.Model, Options.Dimensions).Description;

        /// <summary>What every view of one generator shares: the client and its connection pool, the concurrency limit and the key.</summary>
        private sealed class Shared : IDisposable
        {
            private readonly HttpClient? _ownedHttp;
            private readonly string? _apiKey;

            public Shared(OpenAIEmbeddingOptions options, string? apiKey, HttpMessageHandler? handler)
            {
                if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
                if (options.MaxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, "MaxConcurrency must be at least 1.");
                Options = options;
                _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
                SafeEndpoint = options.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
                Retry = new RetryPolicy(options.Retry);
                Concurrency = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
                Metadata = new EmbeddingGeneratorMetadata("openai", new Uri(SafeEndpoint), options.Model, options.Dimensions);
                _ownedHttp = new HttpClient(handler ?? CreateHandler(options), disposeHandler: handler == null) { Timeout = Timeout.InfiniteTimeSpan };
                var clientOptions = new OpenAIClientOptions
                {
                    Endpoint = options.Endpoint,
                    NetworkTimeout = options.RequestTimeout,
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // Core's RetryPolicy retries, once
                    Transport = new HttpClientPipelineTransport(_ownedHttp),
                };
                // The AuthenticationPolicy constructor is marked for evaluation (OPENAI001); it is the only one that can send
                // no key (local endpoints) or Azure's api-key header. OpenAI is pinned in Directory.Packages.props.
#pragma warning disable OPENAI001
                Client = new EmbeddingClient(options.Model, Authentication(options.ApiKeyHeader, _apiKey), clientOptions);
#pragma warning restore OPENAI001
            }

            private Shared(Shared other)
            {
                Options = other.Options;
                _apiKey = other._apiKey;
                SafeEndpoint = other.SafeEndpoint;
                Retry = other.Retry;
                Concurrency = other.Concurrency;
                Metadata = other.Metadata;
                Client = other.Client;
                _ownedHttp = null;
            }

            public OpenAIEmbeddingOptions Options { get; }
            public string SafeEndpoint { get; }
            public RetryPolicy Retry { get; }
            public SemaphoreSlim Concurrency { get; }
            public EmbeddingGeneratorMetadata Metadata { get; }
            public EmbeddingClient Client { get; }

            public Shared AsView() => new Shared(this);

            /// <summary>Servers sometimes echo the key in an error ("Incorrect API key provided: ..."): never pass it on.</summary>
            public string Redact(string text) => _apiKey == null ? text : text.Replace(_apiKey, "***");

            private static AuthenticationPolicy Authentication(OpenAIApiKeyHeader header, string? apiKey)
            {
                if (apiKey == null) return AnonymousPolicy.Instance;
                var credential = new ApiKeyCredential(apiKey);
                return header == OpenAIApiKeyHeader.ApiKey
                    ? ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(credential, "api-key")
                    : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(credential);
            }

            private static HttpMessageHandler CreateHandler(OpenAIEmbeddingOptions settings)
            {
                var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 };
                if (settings.SkipCertificateCheck) handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
                return handler;
            }

            public void Dispose()
            {
                _ownedHttp?.Dispose(); // null in a view: the generator it came from owns the connection pool
            }
        }

        /// <summary>Endpoints without keys (a local Ollama, vLLM or TEI): the request goes out with no credential.</summary>
        private sealed class AnonymousPolicy : AuthenticationPolicy
        {
            public static readonly AnonymousPolicy Instance = new AnonymousPolicy();

            public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
                ProcessNext(message, pipeline, currentIndex);

            public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
                ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
