using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>Source-generated serializers for the REST models: no reflection on the hot paths.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(CountResponse))]
    [JsonSerializable(typeof(Dictionary<string, IndexAliasesEntry>))]
    [JsonSerializable(typeof(ClusterHealthResponse))]
    [JsonSerializable(typeof(JsonNode))]
    [JsonSerializable(typeof(JsonObject))]
    public sealed partial class CoreJsonContext : JsonSerializerContext
    {
    }
}
