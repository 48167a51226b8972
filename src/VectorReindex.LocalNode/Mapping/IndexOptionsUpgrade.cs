namespace VectorReindex.LocalNode.Mapping;

/// <summary>Which dense_vector index_options changes Elasticsearch accepts on an existing field: towards more quantization only.</summary>
internal static class IndexOptionsUpgrade
{
    private static readonly string[] Order = { "flat", "int8_flat", "int4_flat", "bbq_flat", "hnsw", "int8_hnsw", "int4_hnsw", "bbq_hnsw" };

    public static bool IsAllowed(string from, string to)
    {
        if (from == to)
            return true;
        var fromHnsw = from.EndsWith("hnsw", StringComparison.Ordinal);
        var toHnsw = to.EndsWith("hnsw", StringComparison.Ordinal);
        if (fromHnsw && !toHnsw)
            return false;
        if (!fromHnsw && toHnsw)
            return true;
        return Array.IndexOf(Order, to) > Array.IndexOf(Order, from);
    }
}
