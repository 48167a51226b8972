namespace VectorReindex.Core.Embedding
{
    /// <summary>How an OpenAI-compatible endpoint wants its API key.</summary>
    public enum OpenAIApiKeyHeader
    {
        /// <summary>Authorization: Bearer &lt;key&gt; (OpenAI, Ollama, vLLM, TEI, Azure OpenAI v1 with Entra tokens).</summary>
        Bearer,

        /// <summary>api-key: &lt;key&gt; (Azure OpenAI resource keys).</summary>
        ApiKey,
    }
}
