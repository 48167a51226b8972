using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Shards;

/// <summary>Merges a partial document into a source the way Elasticsearch's update does (objects merged deeply, everything else replaced).</summary>
internal static class JsonMerge
{
    /// <summary>Merges <paramref name="changes"/> into <paramref name="target"/>; returns whether anything changed.</summary>
    public static bool Apply(JsonObject target, JsonObject changes)
    {
        var changed = false;
        foreach (var (key, value) in changes)
        {
            if (value is JsonObject incoming && target[key] is JsonObject existing)
            {
                changed |= Apply(existing, incoming);
                continue;
            }
            if (target.ContainsKey(key) && JsonNode.DeepEquals(target[key], value))
                continue;
            target[key] = value?.DeepClone();
            changed = true;
        }
        return changed;
    }
}
