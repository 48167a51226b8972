using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// Applies a partial document to a stored _source at the byte level: fields the partial document
/// does not touch (typically the vector) are copied as raw bytes, never materialized as nodes.
/// Same semantics as <see cref="JsonMerge"/> (objects merged deeply, everything else replaced).
/// </summary>
internal static class SourceMerge
{
    public static (byte[] Merged, bool Changed) Apply(ReadOnlyMemory<byte> source, JsonObject changes)
    {
        using var current = JsonDocument.Parse(source);
        if (current.RootElement.ValueKind != JsonValueKind.Object)
        {
            var whole = JsonNode.Parse(source.Span) as JsonObject ?? new JsonObject();
            var changedWhole = JsonMerge.Apply(whole, changes);
            return (JsonSerializer.SerializeToUtf8Bytes(whole), changedWhole);
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(source.Length + 256);
        using var writer = new Utf8JsonWriter(buffer);
        var changed = false;
        writer.WriteStartObject();
        foreach (var property in current.RootElement.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (!changes.TryGetPropertyValue(property.Name, out var incoming))
            {
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
                continue;
            }
            var existing = JsonNode.Parse(JsonMarshal.GetRawUtf8Value(property.Value));
            if (incoming is JsonObject incomingObject && existing is JsonObject existingObject)
            {
                changed |= JsonMerge.Apply(existingObject, incomingObject);
                existingObject.WriteTo(writer);
            }
            else
            {
                changed |= !JsonNode.DeepEquals(existing, incoming);
                if (incoming is null) writer.WriteNullValue();
                else incoming.WriteTo(writer);
            }
        }
        foreach (var (key, value) in changes)
        {
            if (current.RootElement.TryGetProperty(key, out _)) continue;
            writer.WritePropertyName(key);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
            changed = true;
        }
        writer.WriteEndObject();
        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), changed);
    }
}
