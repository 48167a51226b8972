using System.Text.Json.Serialization;

namespace VectorReindex.Core.Http
{
    /// <summary>Source-generated serializers for the REST models: no reflection on the hot paths.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(RootInfoResponse))]
    public sealed partial class CoreJsonContext : JsonSerializerContext
    {
    }
}
