using System.Text.Json.Serialization;

namespace VectorReindex.Core.Embedding
{
    /// <summary>Source-generated serializers for embedder descriptors and the OpenAI wire format.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UseStringEnumConverter = true)]
    [JsonSerializable(typeof(EmbedderDescriptor))]
    [JsonSerializable(typeof(OpenAIEmbeddingRequest))]
    [JsonSerializable(typeof(OpenAIEmbeddingResponse))]
    [JsonSerializable(typeof(OpenAIErrorResponse))]
    internal sealed partial class EmbeddingJsonContext : JsonSerializerContext
    {
    }
}
