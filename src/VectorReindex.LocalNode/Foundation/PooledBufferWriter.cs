using System.Buffers;

namespace VectorReindex.LocalNode.Foundation;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool. A search page of raw
/// sources runs to megabytes; growing an <see cref="ArrayBufferWriter{T}"/> for it leaves a trail of
/// large-object-heap arrays per response, which the node paid for in gen2 collections. Request bodies
/// are read into one too, with a cap: it never grows past <c>maxCapacity</c>, so a reader asking
/// for one byte past its limit learns the body is too long without buffering all of it.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly int _maxCapacity;
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity, long maxCapacity = int.MaxValue)
    {
        _maxCapacity = (int)Math.Min(Array.MaxLength, Math.Max(maxCapacity, 1));
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Clamp(initialCapacity, 1, _maxCapacity));
    }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public int WrittenCount => _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_written, Usable - _written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_written, Usable - _written);
    }

    // The pool hands out arrays rounded up; bytes past the cap are never offered.
    private int Usable => Math.Min(_buffer.Length, _maxCapacity);

    /// <summary>
    /// Makes room for <paramref name="sizeHint"/> bytes (at least one), doubling as it grows but never
    /// past the cap; at the cap with nothing free it throws, which a capped reader avoids by checking
    /// <see cref="WrittenCount"/> against its limit first.
    /// </summary>
    private void EnsureFree(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (Usable - _written >= needed)
            return;
        if (_written >= _maxCapacity)
            throw new InvalidOperationException($"buffer is at its cap of [{_maxCapacity}] bytes");
        var size = Math.Min(_maxCapacity, Math.Max(_buffer.Length * 2L, (long)_written + needed));
        var bigger = ArrayPool<byte>.Shared.Rent((int)size);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    /// <summary>Returns the array to the pool; <see cref="WrittenMemory"/> must not be read afterwards.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        _written = 0;
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
