namespace VectorReindex.LocalNode.Mapping;

/// <summary>A leaf field of a mapping, by its full dotted path.</summary>
/// <remarks>
/// <see cref="DateFormat"/> is the format a date or date_nanos field was mapped with (null: the type's default).
/// <see cref="NestedPath"/> is the innermost nested object holding the field (null: the root document's own field).
/// </remarks>
internal sealed record FieldMapping(string Path, string Type, bool Store, DenseVectorOptions? Vector, DateFormat? DateFormat = null, string? NestedPath = null)
{
    public bool IsNumeric => Type is "long" or "integer" or "short" or "byte" or "double" or "float" or "half_float" or "scaled_float" or "unsigned_long";
    public bool IsText => Type is "text" or "match_only_text";
}
