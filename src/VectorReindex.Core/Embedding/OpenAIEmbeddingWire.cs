using System.Collections.Generic;

namespace VectorReindex.Core.Embedding
{
    // The OpenAI embeddings wire format: POST {endpoint}/embeddings and its answer.

    internal sealed class OpenAIEmbeddingRequest
    {
        public string Model { get; set; } = "";

        public IReadOnlyList<string> Input { get; set; } = new string[0];

        public int? Dimensions { get; set; }

        public string EncodingFormat { get; set; } = "float";
    }

    internal sealed class OpenAIEmbeddingResponse
    {
        public List<OpenAIEmbeddingData>? Data { get; set; }

        public string? Model { get; set; }

        public OpenAIUsage? Usage { get; set; }
    }

    internal sealed class OpenAIEmbeddingData
    {
        public int Index { get; set; }

        public float[]? Embedding { get; set; }
    }

    internal sealed class OpenAIUsage
    {
        public long? PromptTokens { get; set; }

        public long? TotalTokens { get; set; }
    }

    internal sealed class OpenAIErrorResponse
    {
        public OpenAIError? Error { get; set; }
    }

    internal sealed class OpenAIError
    {
        public string? Message { get; set; }

        public string? Type { get; set; }
    }
}
