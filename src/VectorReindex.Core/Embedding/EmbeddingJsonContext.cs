using System.Text.Json.Serialization;

namespace VectorReindex.Core.Embedding
{
    /// <summary>Source-generated serializers for embedder descriptors and OpenAI error bodies.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UseStringEnumConverter = true)]
    [JsonSerializable(typeof(EmbedderDescriptor))]
    [JsonSerializable(typeof(OpenAIErrorResponse))]
    internal sealed partial class EmbeddingJsonContext : JsonSerializerContext
    {
    }
}
