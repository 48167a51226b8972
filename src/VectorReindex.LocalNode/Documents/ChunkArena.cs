using System.Runtime.CompilerServices;

namespace VectorReindex.LocalNode.Documents;

/// <summary>
/// Where a shard keeps what its documents hold for their whole life (_source bytes, vector floats):
/// packed into 1 MiB chunks on the large object heap instead of one small array per document. Nearly
/// everything indexed outlives the request that brought it, and small arrays that survive are copied
/// by the GC from generation 0 to 1 to 2; chunks are never copied. Thread-safe (bulk documents are parsed
/// on several threads straight into it). The price is that a chunk lives while anything in it does, so
/// the shard compacts when most of it is dead (<see cref="NeedsCompaction"/>).
/// </summary>
internal sealed class ChunkArena<T> where T : unmanaged
{
    private const int ChunkBytes = 1 << 20;
    private const long CompactionFloorBytes = 64L << 20;

    private static readonly int ChunkLength = ChunkBytes / Unsafe.SizeOf<T>();

    private readonly object _lock = new();
    private T[] _chunk = Array.Empty<T>();
    private int _used;
    private long _reserved;

    /// <summary>Elements held by this arena's chunks and own arrays, dead ones included.</summary>
    public long Reserved
    {
        get { lock (_lock) return _reserved; }
    }

    public ReadOnlyMemory<T> Copy(ReadOnlySpan<T> values)
    {
        var slice = Allocate(values.Length);
        values.CopyTo(slice.Span);
        return slice;
    }

    /// <summary>Room for <paramref name="length"/> elements, uninitialized, for the caller to fill before sharing it.</summary>
    public Memory<T> Allocate(int length)
    {
        if (length == 0)
            return Memory<T>.Empty;
        lock (_lock)
        {
            if (length > ChunkLength / 8)
            {
                _reserved += length;
                return GC.AllocateUninitializedArray<T>(length);
            }
            if (_chunk.Length - _used < length)
            {
                _chunk = GC.AllocateUninitializedArray<T>(ChunkLength);
                _used = 0;
                _reserved += ChunkLength;
            }
            var slice = _chunk.AsMemory(_used, length);
            _used += length;
            return slice;
        }
    }

    /// <summary>True when more than half of what the arena holds is no longer live.</summary>
    public bool NeedsCompaction(long live)
    {
        var reserved = Reserved;
        return reserved * Unsafe.SizeOf<T>() > CompactionFloorBytes && reserved > 2 * live;
    }
}
