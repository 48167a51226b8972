namespace VectorReindex.LocalNode.Documents;

/// <summary>
/// Where a shard keeps its documents' _source bytes: packed into 1 MiB chunks that live on the large
/// object heap, instead of one small array per document. Nearly every source outlives the request that
/// brought it, and small arrays that survive are copied by the GC from generation 0 to 1 to 2; chunks
/// are never copied. Not thread-safe: the shard calls it under its write lock. The price is that a
/// chunk lives while any source in it does, so the shard compacts when most of the bytes are dead
/// (<see cref="NeedsCompaction"/>).
/// </summary>
internal sealed class SourceArena
{
    private const int ChunkSize = 1 << 20;
    private const int OwnArrayAbove = ChunkSize / 8;
    private const long CompactionFloor = 64L << 20;

    private byte[] _chunk = Array.Empty<byte>();
    private int _used;

    /// <summary>Bytes held by this arena's chunks and own arrays, dead sources included.</summary>
    public long ReservedBytes { get; private set; }

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
            return ReadOnlyMemory<byte>.Empty;
        if (source.Length > OwnArrayAbove)
        {
            var own = GC.AllocateUninitializedArray<byte>(source.Length);
            source.CopyTo(own);
            ReservedBytes += own.Length;
            return own;
        }
        if (_chunk.Length - _used < source.Length)
        {
            _chunk = GC.AllocateUninitializedArray<byte>(ChunkSize);
            _used = 0;
            ReservedBytes += ChunkSize;
        }
        var slice = _chunk.AsMemory(_used, source.Length);
        source.CopyTo(slice.Span);
        _used += source.Length;
        return slice;
    }

    /// <summary>True when more than half of what the arena holds is no longer any live document's source.</summary>
    public bool NeedsCompaction(long liveBytes) => ReservedBytes > CompactionFloor && ReservedBytes > 2 * liveBytes;
}
