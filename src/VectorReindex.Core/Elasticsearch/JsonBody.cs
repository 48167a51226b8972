using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>Serializes request bodies: source-generated models and free-form JSON (mappings, settings).</summary>
    internal static class JsonBody
    {
        public static byte[] From(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, CoreJsonContext.Default.JsonNode);

        public static byte[] From<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

        public static JsonNode Parse(RawResponse response) =>
            JsonNode.Parse(response.Body.Span) ?? throw new JsonException($"Empty JSON body from {response.Node}.");

        public static void Write(Stream stream, JsonNode node)
        {
            using var writer = new Utf8JsonWriter(stream);
            node.WriteTo(writer);
        }
    }
}
