namespace VectorReindex.LocalNode.Mapping;

/// <summary>
/// An object mapped as type nested: each object of an array at <see cref="Path"/> is searched as a document
/// of its own (Elasticsearch's hidden child documents), so a query matches within one object.
/// </summary>
/// <param name="ParentPath">The nested object this one lies in, or null when only the root document holds it.</param>
/// <param name="IncludeInParent">Its fields are also searchable on the parent document (include_in_parent).</param>
/// <param name="IncludeInRoot">Its fields are also searchable on the root document (include_in_root).</param>
internal sealed record NestedObjectMapping(string Path, string? ParentPath, bool IncludeInParent, bool IncludeInRoot);
