namespace VectorReindex.LocalNode.Documents;

/// <summary>
/// A dense vector parsed at index time so kNN never re-reads _source: floats for element_type float,
/// signed bytes for byte, packed bits (as bytes) for bit.
/// </summary>
internal sealed record StoredVector(float[]? Floats, sbyte[]? Bytes)
{
    public int Length => Floats?.Length ?? Bytes!.Length;
}
