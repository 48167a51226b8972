using System.Text.Json.Serialization;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Source-generated serializer for the migration state kept in _meta.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UseStringEnumConverter = true)]
    [JsonSerializable(typeof(VectorMigration))]
    [JsonSerializable(typeof(AliasLineage))]
    internal sealed partial class MigrationJsonContext : JsonSerializerContext
    {
    }
}
