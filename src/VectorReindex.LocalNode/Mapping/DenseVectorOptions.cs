namespace VectorReindex.LocalNode.Mapping;

/// <summary>The compiled shape of a dense_vector field: what document parsing and kNN need.</summary>
/// <remarks>
/// bfloat16 fields (9.3+) are <see cref="VectorElementType.Float"/> with <see cref="IsBFloat16"/>: they
/// parse, score and quantize as floats, with every value rounded to bfloat16 when stored.
/// </remarks>
internal sealed record DenseVectorOptions(int Dims, VectorElementType ElementType, string? Similarity, bool Indexed, string? IndexOptionsType, bool IsBFloat16 = false)
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
