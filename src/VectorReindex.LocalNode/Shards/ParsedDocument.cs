using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Shards;

/// <summary>The result of checking a _source against the mapping: its vectors and any fields to map dynamically.</summary>
internal sealed class ParsedDocument
{
    public ParsedDocument(ReadOnlyMemory<byte> source, IReadOnlyDictionary<string, StoredVector>? vectors, JsonObject? dynamicProperties, bool vectorsStripped = false)
    {
        Source = source;
        VectorsStripped = vectorsStripped;
        Vectors = vectors;
        DynamicProperties = dynamicProperties;
    }

    /// <summary>
    /// The trimmed _source. It may borrow the request's buffer, which is reused once the request is
    /// answered: <see cref="DocumentStore"/> copies it when the write is applied, nothing else may keep it. Its float vectors are usually already in the shard's arena (<see cref="DocumentStore.VectorArena"/>).
    /// </summary>
    public ReadOnlyMemory<byte> Source { get; }
    public IReadOnlyDictionary<string, StoredVector>? Vectors { get; set; }

    /// <summary>The source holds placeholders for its float vectors (<see cref="ExcludedSourceVectors"/>).</summary>
    public bool VectorsStripped { get; }

    /// <summary>New fields in mapping form ({"name": {"type": ...}}), or null when the mapping already covers the document.</summary>
    public JsonObject? DynamicProperties { get; }
}
