using System.Runtime.CompilerServices;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// Where a shard keeps what its documents hold for their whole life (_source bytes, vector floats):
/// packed into chunks (up to 1 MiB, on the large object heap) instead of one small array per document. Nearly
/// everything indexed outlives the request that brought it, and small arrays that survive are copied
/// by the GC from generation 0 to 1 to 2; chunks are never copied. Thread-safe (bulk documents are parsed
/// on several threads straight into it). The price is that a chunk lives while anything in it does, so
/// the shard compacts when most of it is dead (<see cref="NeedsCompaction"/>).
/// </summary>
internal sealed class ChunkArena<T> where T : unmanaged
{
    private const int FirstChunkBytes = 16 << 10;
    private const int ChunkBytes = 1 << 20;
    private const long CompactionFloorBytes = 64L << 20;

    private static readonly int ChunkLength = ChunkBytes / Unsafe.SizeOf<T>();

    private readonly object _lock = new();
    private T[] _chunk = Array.Empty<T>();
    private int _used;
    private long _reserved;

    // Chunks start small and double up to 1 MiB, so the many small indices of a test run do not
    // each hold a megabyte per arena.
    private int _nextChunkLength = FirstChunkBytes / Unsafe.SizeOf<T>();

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
                _chunk = GC.AllocateUninitializedArray<T>(Math.Max(_nextChunkLength, length));
                _used = 0;
                _reserved += _chunk.Length;
                _nextChunkLength = Math.Min(ChunkLength, _nextChunkLength * 2);
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
