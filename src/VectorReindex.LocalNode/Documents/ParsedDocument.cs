using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Documents;

/// <summary>The result of checking a _source against the mapping: its vectors and any fields to map dynamically.</summary>
internal sealed class ParsedDocument
{
    public ParsedDocument(byte[] source, Dictionary<string, StoredVector>? vectors, JsonObject? dynamicProperties)
    {
        Source = source;
        Vectors = vectors;
        DynamicProperties = dynamicProperties;
    }

    public byte[] Source { get; }
    public Dictionary<string, StoredVector>? Vectors { get; set; }

    /// <summary>New fields in mapping form ({"name": {"type": ...}}), or null when the mapping already covers the document.</summary>
    public JsonObject? DynamicProperties { get; }
}
