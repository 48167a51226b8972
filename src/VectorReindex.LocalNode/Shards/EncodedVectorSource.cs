using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// A float vector a document gave as base64 (9.3+), in an index that keeps vectors out of _source: a
/// read that asks for vectors gets them as Elasticsearch returns them, a JSON array of the stored floats,
/// not the text that was sent. The node keeps whole sources, so the array is rendered at read time,
/// and only for documents that sent base64 (the JSON path stays a raw copy).
/// </summary>
internal static class EncodedVectorSource
{
    public static ReadOnlyMemory<byte> AsFloatArrays(StoredDocument doc, IReadOnlySet<string>? leftOut)
    {
        if (doc.Vectors == null || doc.IsDeleted)
            return doc.StoredSource;
        List<KeyValuePair<string, StoredVector>>? encoded = null;
        foreach (var pair in doc.Vectors)
            if (pair.Value.SentAsBase64 && (leftOut == null || !leftOut.Contains(pair.Key)))
                (encoded ??= new()).Add(pair);
        if (encoded == null || JsonNode.Parse(doc.StoredSource.Span) is not JsonObject source)
            return doc.StoredSource;
        foreach (var (path, vector) in encoded)
        {
            var floats = vector.Floats.Span;
            var array = new JsonNode?[floats.Length];
            for (var i = 0; i < floats.Length; i++)
                array[i] = JsonValue.Create(floats[i]);
            BFloat16Source.Replace(source, path, new JsonArray(array));
        }
        return System.Text.Encoding.UTF8.GetBytes(source.ToJsonString());
    }
}
