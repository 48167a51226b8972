using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// Embeds through any OpenAI-compatible POST {endpoint}/embeddings API (OpenAI, Azure OpenAI,
    /// Ollama /v1, vLLM, TEI): inputs split into batches, a bounded number of requests in flight,
    /// bounded retries with backoff on 429, 5xx and connection failures (honouring Retry-After),
    /// answers put back in input order and checked for count and dimensions. Thread-safe. The API
    /// key is used only for the request header; no message, log or ToString shows it.
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
            var model = options?.ModelId ?? Options.Model;
            var dimensions = options?.Dimensions ?? Options.Dimensions;
            var results = new Embedding<float>[inputs.Count];
            var usage = new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 };

            using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var batches = new List<Task>();
            for (var offset = 0; offset < inputs.Count; offset += Options.BatchSize)
            {
                var count = Math.Min(Options.BatchSize, inputs.Count - offset);
                batches.Add(EmbedBatchAsync(inputs.GetRange(offset, count), offset, model, dimensions, results, usage, failFast));
            }
            await Task.WhenAll(batches).ConfigureAwait(false);

            if (dimensions == null && results.Length > 0 && results.Any(r => r.Vector.Length != results[0].Vector.Length))
                throw new EmbeddingException($"{Describe()} returned vectors of different lengths ({string.Join(", ", results.Select(r => r.Vector.Length).Distinct())}) for one model.");
            return new GeneratedEmbeddings<Embedding<float>>(results) { Usage = usage };
        }

        private async Task EmbedBatchAsync(
            List<string> batch, int offset, string model, int? dimensions, Embedding<float>[] results, UsageDetails usage, CancellationTokenSource failFast)
        {
            var cancellationToken = failFast.Token;
            await _shared.Concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var request = new OpenAIEmbeddingRequest { Model = model, Input = batch, Dimensions = dimensions };
                var body = JsonSerializer.SerializeToUtf8Bytes(request, EmbeddingJsonContext.Default.OpenAIEmbeddingRequest);
                var response = await SendAsync(body, batch.Count, cancellationToken).ConfigureAwait(false);
                var data = response.Data ?? new List<OpenAIEmbeddingData>();
                if (data.Count != batch.Count)
                    throw new EmbeddingException($"{Describe()} returned {data.Count} embeddings for {batch.Count} inputs.");
                var seen = new bool[batch.Count];
                foreach (var item in data)
                {
                    if (item.Index < 0 || item.Index >= batch.Count || seen[item.Index])
                        throw new EmbeddingException($"{Describe()} returned an embedding with index {item.Index}, which is out of range or repeated for {batch.Count} inputs.");
                    seen[item.Index] = true;
                    var vector = item.Embedding;
                    if (vector == null || vector.Length == 0)
                        throw new EmbeddingException($"{Describe()} returned an empty embedding for input {offset + item.Index}.");
                    if (dimensions.HasValue && vector.Length != dimensions.Value)
                        throw new EmbeddingException($"{Describe()} returned {vector.Length} dimensions for input {offset + item.Index}; {dimensions.Value} were requested. Check that the model supports the dimensions parameter.");
                    results[offset + item.Index] = new Embedding<float>(vector) { ModelId = response.Model ?? model };
                }
                lock (usage)
                {
                    usage.InputTokenCount += response.Usage?.PromptTokens ?? 0;
                    usage.TotalTokenCount += response.Usage?.TotalTokens ?? 0;
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

        private async Task<OpenAIEmbeddingResponse> SendAsync(byte[] body, int inputCount, CancellationToken cancellationToken)
        {
            var waited = TimeSpan.Zero;
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EmbeddingException failure;
                TimeSpan? retryAfter = null;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(Options.RequestTimeout);
                    try
                    {
                        using var message = BuildMessage(body);
                        using var response = await _shared.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                        var status = (int)response.StatusCode;
                        if (response.IsSuccessStatusCode)
                            return await ReadAnswerAsync(response).ConfigureAwait(false);
                        failure = new EmbeddingException(
                            $"{Describe()} answered HTTP {status} for {inputCount} inputs: {await ReadErrorAsync(response).ConfigureAwait(false)}", status);
                        if (!IsRetriable(status)) throw failure;
                        retryAfter = RetryAfter(response.Headers.RetryAfter);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = new EmbeddingException($"{Describe()} did not answer within {Options.RequestTimeout.TotalSeconds:0.#} s.");
                    }
                    catch (HttpRequestException ex)
                    {
                        failure = new EmbeddingException($"Could not reach {Describe()}: {ex.Innermost().Message}.", null, ex);
                    }
                    catch (IOException ex)
                    {
                        failure = new EmbeddingException($"The connection to {Describe()} broke: {ex.Message}.", null, ex);
                    }
                }

                var delay = _shared.Retry.NextDelay(attempt + 1, waited, retryAfter);
                if (delay == null) throw failure;
                _logger.LogWarning("{Failure} Retry {Retry} of {MaxRetries} in {DelayMs} ms.",
                    failure.Message, attempt + 1, Options.Retry.MaxRetries, (int)delay.Value.TotalMilliseconds);
                await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
                waited += delay.Value;
            }
        }

        private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
            header?.Delta ?? (header?.Date is DateTimeOffset date ? (date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero) : (TimeSpan?)null);

        // OpenAI documents 500 as "retry after a brief wait", beyond the gateway statuses the policy knows.
        private static bool IsRetriable(int status) => RetryPolicy.IsRetriableStatus(status) || status == 500;

        private HttpRequestMessage BuildMessage(byte[] body)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, _shared.EmbeddingsUri);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_shared.ApiKey != null)
            {
                if (Options.ApiKeyHeader == OpenAIApiKeyHeader.ApiKey) message.Headers.TryAddWithoutValidation("api-key", _shared.ApiKey);
                else message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _shared.ApiKey);
            }
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return message;
        }

        private async Task<OpenAIEmbeddingResponse> ReadAnswerAsync(HttpResponseMessage response)
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, EmbeddingJsonContext.Default.OpenAIEmbeddingResponse).ConfigureAwait(false)
                    ?? throw new EmbeddingException($"{Describe()} answered with an empty body.");
            }
            catch (JsonException ex)
            {
                throw new EmbeddingException($"{Describe()} answered with something that is not an OpenAI embeddings response ({ex.Message}). Check the endpoint: /embeddings is appended to it.", (int)response.StatusCode, ex);
            }
        }

        private async Task<string> ReadErrorAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            string? message = null;
            try
            {
                message = JsonSerializer.Deserialize(text, EmbeddingJsonContext.Default.OpenAIErrorResponse)?.Error?.Message;
            }
            catch (JsonException)
            {
                // Not OpenAI's error shape (TEI, a proxy's HTML page): show the raw text instead.
            }
            message ??= text.Length > MaxErrorTextLength ? text.Substring(0, MaxErrorTextLength) + "..." : text;
            if (message.Length == 0) message = response.ReasonPhrase ?? "no error body";
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

        /// <summary>What every view of one generator shares: the connection pool, the concurrency limit and the key.</summary>
        private sealed class Shared : IDisposable
        {
            private readonly bool _ownsHttp;

            public Shared(OpenAIEmbeddingOptions options, string? apiKey, HttpMessageHandler? handler)
            {
                if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
                if (options.MaxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, "MaxConcurrency must be at least 1.");
                Options = options;
                ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
                var path = options.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
                EmbeddingsUri = new Uri(path + "/embeddings" + options.Endpoint.Query);
                SafeEndpoint = path;
                Retry = new RetryPolicy(options.Retry);
                Concurrency = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
                Metadata = new EmbeddingGeneratorMetadata("openai", new Uri(path), options.Model, options.Dimensions);
                Http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: handler == null) { Timeout = Timeout.InfiniteTimeSpan };
                _ownsHttp = true;
            }

            private Shared(Shared other)
            {
                Options = other.Options;
                ApiKey = other.ApiKey;
                EmbeddingsUri = other.EmbeddingsUri;
                SafeEndpoint = other.SafeEndpoint;
                Retry = other.Retry;
                Concurrency = other.Concurrency;
                Metadata = other.Metadata;
                Http = other.Http;
                _ownsHttp = false;
            }

            public OpenAIEmbeddingOptions Options { get; }
            public string? ApiKey { get; }
            public Uri EmbeddingsUri { get; }
            public string SafeEndpoint { get; }
            public RetryPolicy Retry { get; }
            public SemaphoreSlim Concurrency { get; }
            public EmbeddingGeneratorMetadata Metadata { get; }
            public HttpClient Http { get; }

            public Shared AsView() => new Shared(this);

            /// <summary>Servers sometimes echo the key in an error ("Incorrect API key provided: ..."): never pass it on.</summary>
            public string Redact(string text) => ApiKey == null ? text : text.Replace(ApiKey, "***");

            private static HttpMessageHandler CreateHandler(OpenAIEmbeddingOptions settings)
            {
                var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 };
                if (settings.SkipCertificateCheck) handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
                return handler;
            }

            public void Dispose()
            {
                if (_ownsHttp) Http.Dispose();
            }
        }
    }
}
