using System;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Embedding
{
    /// <summary>What an <see cref="OpenAIEmbeddingGenerator"/> calls and how. Fixed once the generator is built.</summary>
    public sealed class OpenAIEmbeddingOptions
    {
        /// <param name="endpoint">
        /// The API base that /embeddings is appended to, for example https://api.openai.com/v1,
        /// http://localhost:11434/v1 (Ollama) or https://res.openai.azure.com/openai/v1. A query
        /// string (Azure's api-version) is kept on the request.
        /// </param>
        /// <param name="model">The model (or Azure deployment) name sent as "model".</param>
        public OpenAIEmbeddingOptions(Uri endpoint, string model)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("A model name is required.", nameof(model));
            Endpoint = EndpointAddress.Validate(endpoint, nameof(endpoint));
            Model = model;
        }

        public Uri Endpoint { get; }

        public string Model { get; }

        /// <summary>Requested vector length ("dimensions"), for models that can shorten their output; also checked on every answer.</summary>
        public int? Dimensions { get; set; }

        /// <summary>Texts per request.</summary>
        public int BatchSize { get; set; } = 64;

        /// <summary>Requests in flight at once, across every caller of the generator.</summary>
        public int MaxConcurrency { get; set; } = 4;

        public OpenAIApiKeyHeader ApiKeyHeader { get; set; } = OpenAIApiKeyHeader.Bearer;

        /// <summary>Time allowed for one HTTP attempt.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>Retry count, time budget and backoff (Core's one retry policy).</summary>
        public RetrySettings Retry { get; } = new RetrySettings();

        /// <summary>Accept any server certificate. Only for test endpoints with self-signed certificates.</summary>
        public bool SkipCertificateCheck { get; set; }
    }
}
