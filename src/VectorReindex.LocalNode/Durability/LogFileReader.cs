using System.Buffers.Binary;

namespace VectorReindex.LocalNode.Durability;

/// <summary>What <see cref="LogFileReader.Next"/> found at the reader's position.</summary>
internal enum LogReadOutcome
{
    Record,
    End,
    Damaged,
}

/// <summary>
/// Reads the framed records of a snapshot or translog file front to back through a window that holds
/// only the record being read, so a file of any size restarts in bounded memory. Offsets are longs.
/// </summary>
internal sealed class LogFileReader : IDisposable
{
    /// <summary>
    /// The longest record a scan for intact records past damage will consider. Longer declared lengths
    /// are read normally, but a scan stops trusting them: no request body (http.max_content_length) or
    /// metadata record comes near it, and it bounds what one false candidate can cost.
    /// </summary>
    private const int ScanRecordLimit = 256 << 20;

    private readonly FileStream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private long _bufferOffset;
    private int _start;
    private int _end;

    public LogFileReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        Length = _stream.Length;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>File offset of the next record.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>Why the last <see cref="LogReadOutcome.Damaged"/> happened, in words for an operator.</summary>
    public string Damage { get; private set; } = "";

    /// <summary>
    /// True when the last damage is what a write cut short leaves: a header or record that runs past the
    /// end of the file, or zeros to the end (space the file system allocated but never filled).
    /// </summary>
    public bool DamageLooksTorn { get; private set; }

    /// <summary>
    /// Reads the next record. The payload is valid until the next call. On damage the position stays
    /// at the damaged record.
    /// </summary>
    public LogReadOutcome Next(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        var remaining = Length - Position;
        if (remaining == 0)
            return LogReadOutcome.End;
        if (remaining < LogRecord.HeaderLength)
            return Damaged($"a record header is cut short ({remaining} of {LogRecord.HeaderLength} bytes)", torn: true);
        Fill(LogRecord.HeaderLength);
        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + 4));
        if (length <= 0)
            return Damaged($"a record declares length {length}", torn: false);
        if (length > remaining - LogRecord.HeaderLength)
            return Damaged($"a record of {length} bytes runs past the end of the file ({remaining - LogRecord.HeaderLength} bytes left)", torn: true);
        Fill(LogRecord.HeaderLength + length);
        var candidate = _buffer.AsSpan(_start + LogRecord.HeaderLength, length);
        if (Crc32.Compute(candidate) != crc)
            return Damaged($"the checksum of a {length}-byte record does not match", torn: false);
        payload = candidate;
        _start += LogRecord.HeaderLength + length;
        return LogReadOutcome.Record;
    }

    /// <summary>
    /// From damage at the current position, counts the intact records that follow it in this file: it
    /// looks byte by byte for the next place a whole record with a matching checksum starts, reads on
    /// from there, and looks again after any further damage. Also tells whether only zeros follow.
    /// Leaves the reader at the end of the file.
    /// </summary>
    public (long IntactRecords, bool OnlyZeros) CountIntactRecordsAfterDamage()
    {
        long intact = 0;
        var onlyZeros = true;
        while (Position < Length)
        {
            // Skip the byte the damage starts at; look for a record from the next one.
            Fill(1);
            onlyZeros &= _buffer[_start] == 0;
            _start++;
            if (!StartsIntactRecord())
                continue;
            onlyZeros = false;
            while (Next(out _) == LogReadOutcome.Record)
                intact++;
        }
        return (intact, onlyZeros);
    }

    private bool StartsIntactRecord()
    {
        var remaining = Length - Position;
        if (remaining < LogRecord.HeaderLength + 1)
            return false;
        Fill(LogRecord.HeaderLength);
        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));
        if (length <= 0 || length > ScanRecordLimit || length > remaining - LogRecord.HeaderLength)
            return false;
        Fill(LogRecord.HeaderLength + length);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + 4));
        return Crc32.Compute(_buffer.AsSpan(_start + LogRecord.HeaderLength, length)) == crc;
    }

    private LogReadOutcome Damaged(string what, bool torn)
    {
        Damage = what;
        DamageLooksTorn = torn;
        return LogReadOutcome.Damaged;
    }

    /// <summary>Makes <paramref name="count"/> bytes from the position available in the window (the caller checked the file has them).</summary>
    private void Fill(int count)
    {
        if (_end - _start >= count)
            return;
        if (count > _buffer.Length)
        {
            var bigger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
            _buffer = bigger;
        }
        else
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        }
        _bufferOffset += _start;
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
                throw new EndOfStreamException($"{Path} became shorter while it was being read");
            _end += read;
        }
    }

    public void Dispose() => _stream.Dispose();
}
