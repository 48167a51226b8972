using System.Buffers;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// The translog: records are appended to an in-memory batch under a short lock and get a ticket; a
/// writer awaits <see cref="SyncAsync"/> for its ticket before acknowledging, and whoever syncs first
/// writes and fsyncs the whole batch (group commit). Generations let a snapshot retire old files.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private readonly object _appendLock = new();
    private readonly SemaphoreSlim _syncLock = new(1, 1);
    private readonly string _directory;
    private ArrayBufferWriter<byte> _pending = new(1 << 20);
    private ArrayBufferWriter<byte> _spare = new(1 << 20);
    private FileStream _file;
    private long _appended;
    private long _durable;

    public WriteAheadLog(string directory, long generation)
    {
        _directory = directory;
        Generation = generation;
        _file = OpenGeneration(generation);
    }

    public long Generation { get; private set; }

    /// <summary>Bytes logged since the current generation started (drives snapshot frequency).</summary>
    public long GenerationBytes { get; private set; }

    private FileStream OpenGeneration(long generation)
    {
        var file = new FileStream(Path.Combine(_directory, DataDirectoryListing.TranslogName(generation)), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        // The file's own fsyncs keep its contents; this keeps its name, so a power loss cannot orphan them.
        DirectorySync.Flush(_directory);
        return file;
    }

    public long AppendDocument(string index, string uuid, int shard, StoredDocument doc)
    {
        lock (_appendLock)
        {
            var before = _pending.WrittenCount;
            LogRecord.WriteDocument(_pending, index, uuid, shard, doc);
            _appended += _pending.WrittenCount - before;
            return _appended;
        }
    }

    public long AppendMetadata(ReadOnlySpan<byte> json)
    {
        lock (_appendLock)
        {
            var before = _pending.WrittenCount;
            LogRecord.WriteMetadata(_pending, json);
            _appended += _pending.WrittenCount - before;
            return _appended;
        }
    }

    /// <summary>Returns once every record up to <paramref name="ticket"/> is on disk (fsync).</summary>
    public async Task SyncAsync(long ticket)
    {
        if (ticket <= Interlocked.Read(ref _durable))
            return;
        await _syncLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ticket <= Interlocked.Read(ref _durable))
                return;
            FlushPendingToDisk();
        }
        finally
        {
            _syncLock.Release();
        }
    }

    /// <summary>Blocking form for metadata changes made under the cluster lock.</summary>
    public void Sync(long ticket)
    {
        if (ticket <= Interlocked.Read(ref _durable))
            return;
        _syncLock.Wait();
        try
        {
            if (ticket > Interlocked.Read(ref _durable))
                FlushPendingToDisk();
        }
        finally
        {
            _syncLock.Release();
        }
    }

    private void FlushPendingToDisk()
    {
        ArrayBufferWriter<byte> batch;
        long target;
        lock (_appendLock)
        {
            batch = _pending;
            _pending = _spare;
            target = _appended;
        }
        if (batch.WrittenCount > 0)
        {
            _file.Write(batch.WrittenSpan);
            _file.Flush(flushToDisk: true);
            GenerationBytes += batch.WrittenCount;
        }
        batch.ResetWrittenCount();
        _spare = batch;
        Interlocked.Exchange(ref _durable, target);
    }

    /// <summary>Makes everything so far durable and starts a new generation file; returns the new generation.</summary>
    public long Rotate()
    {
        _syncLock.Wait();
        try
        {
            FlushPendingToDisk();
            lock (_appendLock)
            {
                // Records appended after the flush above still belong to the old generation's time
                // window, but they are also visible in the snapshot taken after this rotation.
                _file.Dispose();
                Generation++;
                GenerationBytes = 0;
                _file = OpenGeneration(Generation);
            }
            return Generation;
        }
        finally
        {
            _syncLock.Release();
        }
    }

    public void Dispose()
    {
        try
        {
            Sync(Interlocked.Read(ref _appended));
        }
        catch (ObjectDisposedException)
        {
        }
        _file.Dispose();
    }
}
