namespace VectorReindex.LocalNode.Metadata;

/// <summary>Which index block stops document writes: index.blocks.read_only (which also stops metadata changes) wins over index.blocks.write.</summary>
internal enum IndexWriteBlock
{
    None,
    Write,
    ReadOnly,
}
