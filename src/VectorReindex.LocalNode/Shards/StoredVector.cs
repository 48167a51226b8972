namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// A dense vector parsed at index time so kNN never re-reads _source: floats for element_type float
/// (a slice of the shard's arena once stored), signed bytes for byte, packed bits (as bytes) for bit.
/// Not sealed only for <see cref="SingleVectorMap"/>, which is a document's one vector and its map in one object.
/// </summary>
internal class StoredVector
{
    public StoredVector(ReadOnlyMemory<float> floats, bool sentAsBase64 = false)
    {
        Floats = floats;
        SentAsBase64 = sentAsBase64;
    }

    public StoredVector(sbyte[] bytes)
    {
        Bytes = bytes;
    }

    protected StoredVector(StoredVector vector)
    {
        Floats = vector.Floats;
        Bytes = vector.Bytes;
        SentAsBase64 = vector.SentAsBase64;
    }

    /// <summary>The elements of a float vector; empty for byte and bit vectors.</summary>
    public ReadOnlyMemory<float> Floats { get; }

    /// <summary>The elements of a byte or bit vector; null for a float vector.</summary>
    public sbyte[]? Bytes { get; }

    /// <summary>The document gave this float vector as a base64 string (9.3+), not as an array.</summary>
    public bool SentAsBase64 { get; }

    public bool IsFloat => Bytes == null;
    public int Length => Bytes?.Length ?? Floats.Length;
}
