using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// An index that leaves vectors out of _source (9.2+ by default) keeps them only in its vector index,
/// so Elasticsearch returns a vector, when asked for it, as the index stores it: for a bfloat16 field,
/// the rounded values. The node keeps whole sources, so it stores such a source with those values.
/// </summary>
internal static class BFloat16Source
{
    public static ParsedDocument WithStoredValues(ParsedDocument parsed, IndexMapping mapping)
    {
        if (parsed.Vectors == null)
            return parsed;
        var rounded = parsed.Vectors
            .Where(v => v.Value.IsFloat && mapping.Fields.TryGetValue(v.Key, out var field) && field.Vector?.IsBFloat16 == true)
            .ToList();
        if (rounded.Count == 0 || JsonNode.Parse(parsed.Source.Span) is not JsonObject source)
            return parsed;
        foreach (var (path, vector) in rounded)
            Replace(source, path, new JsonArray(vector.Floats.ToArray().Select(f => (JsonNode)JsonValue.Create(f)).ToArray()));
        return new ParsedDocument(System.Text.Encoding.UTF8.GetBytes(source.ToJsonString()), parsed.Vectors, parsed.DynamicProperties);
    }

    /// <summary>Sets the value at a dotted path, written either as nested objects or as a dotted key.</summary>
    internal static bool Replace(JsonObject node, string path, JsonNode value)
    {
        if (node.ContainsKey(path))
        {
            node[path] = value;
            return true;
        }
        var dot = path.IndexOf('.');
        while (dot > 0)
        {
            if (node[path[..dot]] is JsonObject child && Replace(child, path[(dot + 1)..], value))
                return true;
            dot = path.IndexOf('.', dot + 1);
        }
        return false;
    }
}
