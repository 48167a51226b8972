namespace VectorReindex.LocalNode.Mapping;

/// <summary>The compiled shape of a dense_vector field: what document parsing and kNN need.</summary>
internal sealed record DenseVectorOptions(int Dims, VectorElementType ElementType, string? Similarity, bool Indexed, string? IndexOptionsType)
{
    /// <summary>Bytes per stored vector (bit vectors pack 8 dimensions per byte).</summary>
    public int StoredLength => ElementType == VectorElementType.Bit ? Dims / 8 : Dims;
}

internal enum VectorElementType
{
    Float,
    Byte,
    Bit,
}
