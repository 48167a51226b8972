namespace VectorReindex.Core.Embedding
{
    /// <summary>The error body an OpenAI-compatible endpoint sends with a failure status: {"error":{"message":...}}.</summary>
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
