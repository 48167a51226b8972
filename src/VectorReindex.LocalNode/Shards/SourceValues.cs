using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Shards;

/// <summary>Reads the leaf values at a dotted path of a parsed source, as Elasticsearch's field lookup does.</summary>
internal static class SourceValues
{
    /// <summary>Adds the leaf values of <paramref name="path"/> to <paramref name="result"/>: arrays flattened, dotted keys honoured.</summary>
    public static void Collect(JsonNode? node, string path, List<JsonNode> result)
    {
        switch (node)
        {
            case null:
                return;
            case JsonArray array:
                foreach (var item in array)
                    Collect(item, path, result);
                return;
            case JsonObject obj when path.Length > 0:
                if (obj.TryGetPropertyValue(path, out var direct))
                    Collect(direct, "", result);
                var dot = path.IndexOf('.');
                while (dot > 0)
                {
                    if (obj.TryGetPropertyValue(path[..dot], out var child))
                        Collect(child, path[(dot + 1)..], result);
                    dot = path.IndexOf('.', dot + 1);
                }
                return;
            case JsonObject:
                return;
            default:
                if (path.Length == 0)
                    result.Add(node);
                return;
        }
    }
}
