using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>One alias on one index: filter, routing, and whether it is the alias's write index or hidden.</summary>
internal sealed record AliasMetadata(string Name, JsonObject? Filter, string? IndexRouting, string? SearchRouting, bool? IsWriteIndex, bool? IsHidden)
{
    /// <summary>The body GET _alias shows for this alias.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Filter != null)
            json["filter"] = Filter.DeepClone();
        if (IndexRouting != null)
            json["index_routing"] = IndexRouting;
        if (SearchRouting != null)
            json["search_routing"] = SearchRouting;
        if (IsWriteIndex != null)
            json["is_write_index"] = IsWriteIndex.Value;
        if (IsHidden != null)
            json["is_hidden"] = IsHidden.Value;
        return json;
    }
}
