using System.Buffers;
using System.Globalization;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// The --data directory: a checkpoint file naming the current snapshot generation, that snapshot, and
/// the translog generations written since. Recovery loads the snapshot then replays the logs in order;
/// a snapshot rotates the log first, so replaying from its generation over it is always correct.
/// Damage stops the start (naming the file, the offset and what follows) unless recovering, which
/// keeps a copy, drops the damaged part and says what it dropped. Only the torn end of the newest
/// log, a write a kill cut short and nobody was told succeeded, is dropped without asking.
/// </summary>
internal sealed class DataDirectory
{
    private readonly string _path;
    private readonly LocalCluster _cluster;
    private readonly bool _recover;
    private readonly object _snapshotLock = new();
    private readonly List<string> _notices = new();
    private bool _snapshotAfterOpen;

    public DataDirectory(string path, LocalCluster cluster, bool recover)
    {
        _path = path;
        _cluster = cluster;
        _recover = recover;
        Directory.CreateDirectory(path);
    }

    public WriteAheadLog? Log { get; private set; }

    /// <summary>Documents and metadata records replayed at the last start.</summary>
    public long RecoveredRecords { get; private set; }

    /// <summary>What the last start found and did that an operator should know (stray files, drops).</summary>
    public IReadOnlyList<string> Notices => _notices;

    /// <summary>Recovers the cluster from disk and opens a fresh log generation after the last one found.</summary>
    public WriteAheadLog Open()
    {
        var listing = DataDirectoryListing.Read(_path, _notices);
        var checkpoint = ResolveCheckpoint(listing);
        if (checkpoint > 0)
        {
            Replay(listing.Snapshots[checkpoint], isSnapshot: true, laterFiles: 0);
            // The next snapshot waits for a log as large as this one (LocalNodeEngine), also after a restart.
            LastSnapshotBytes = new FileInfo(listing.Snapshots[checkpoint]).Length;
        }
        var logs = listing.Translogs.Where(l => l.Key >= checkpoint).ToList();
        CheckGenerationsContiguous(logs.Select(l => l.Key).ToList(), checkpoint);
        for (var i = 0; i < logs.Count; i++)
            Replay(logs[i].Value, isSnapshot: false, laterFiles: logs.Count - 1 - i);
        foreach (var index in _cluster.Indices.Values)
            index.RefreshAll();
        RetireFilesBefore(checkpoint, keepSnapshot: checkpoint);
        var next = Math.Max(checkpoint, logs.Count > 0 ? logs[^1].Key : 0) + 1;
        Log = new WriteAheadLog(_path, next);
        if (_snapshotAfterOpen)
            Snapshot();
        return Log;
    }

    /// <summary>The generation the checkpoint names, checked against the files present.</summary>
    private long ResolveCheckpoint(DataDirectoryListing listing)
    {
        var file = Path.Combine(_path, DataDirectoryListing.CheckpointFile);
        string problem;
        if (listing.HasCheckpoint)
        {
            var text = ReadAllTextOrThrow(file).Trim();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                if (generation == 0 || listing.Snapshots.ContainsKey(generation))
                    return generation;
                problem = $"checkpoint file {file} names {DataDirectoryListing.SnapshotName(generation)}, which is not in the data directory";
            }
            else
            {
                problem = text.Length == 0
                    ? $"checkpoint file {file} is empty (it names the snapshot to start from)"
                    : $"checkpoint file {file} does not hold a generation number (it reads '{(text.Length > 40 ? text[..40] + "..." : text)}')";
            }
        }
        else if (listing.Snapshots.Count == 0 && (listing.Translogs.Count == 0 || listing.Translogs.ContainsKey(1)))
        {
            // A new directory, or one that never finished a snapshot: every log generation is still there.
            return 0;
        }
        else
        {
            problem = $"checkpoint file {file} is missing, but the data directory holds {listing.Snapshots.Count} snapshot(s) and translog generations from {listing.Translogs.Keys.DefaultIfEmpty().Min()} on, so earlier ones were retired";
        }
        if (!_recover)
            throw new LocalNodeStartupException($"{problem}. Nothing was changed. Start with --recover to start from the newest complete snapshot and the translogs after it (the checkpoint is then rewritten), or restore the data directory from a backup.");
        _snapshotAfterOpen = true;
        foreach (var (generation, snapshot) in listing.Snapshots.Reverse())
        {
            if (IsCompleteSnapshot(snapshot))
            {
                _notices.Add($"--recover: {problem}; starting from {snapshot}, the newest complete snapshot, and the translogs after it");
                return generation;
            }
            var copy = SetAside(snapshot);
            listing.Snapshots.Remove(generation);
            _notices.Add($"--recover: {snapshot} is not a complete snapshot; set aside as {copy}");
        }
        _notices.Add($"--recover: {problem}; no complete snapshot found, replaying every translog generation present");
        return 0;
    }

    private void CheckGenerationsContiguous(List<long> generations, long checkpoint)
    {
        var expected = Math.Max(checkpoint, 1);
        foreach (var generation in generations)
        {
            if (generation != expected)
            {
                var missing = DataDirectoryListing.TranslogName(expected) + (generation - 1 > expected ? " to " + DataDirectoryListing.TranslogName(generation - 1) : "");
                var problem = $"translog {missing} is missing from {_path} (the checkpoint names generation {checkpoint}, and every generation after it is kept until the next snapshot)";
                if (!_recover)
                    throw new LocalNodeStartupException($"{problem}. Nothing was changed. Start with --recover to replay the generations that are present, or restore the data directory from a backup.");
                _notices.Add($"--recover: {problem}; replaying the generations that are present");
                _snapshotAfterOpen = true;
            }
            expected = generation + 1;
        }
    }

    /// <summary>Applies every record of one file, or stops at damage as the class summary says.</summary>
    private void Replay(string file, bool isSnapshot, int laterFiles)
    {
        long offset, length, intact;
        string what;
        bool torn;
        LogFileReader? opened = null;
        try
        {
            using var reader = opened = new LogFileReader(file);
            var complete = false;
            LogReadOutcome outcome;
            while ((outcome = reader.Next(out var payload)) == LogReadOutcome.Record)
            {
                RecoveredRecords++;
                switch (payload[0])
                {
                    case LogRecord.Metadata:
                        MetadataCodec.Apply(_cluster, payload[1..]);
                        break;
                    case LogRecord.Document:
                        Restore(LogRecord.ReadDocument(payload));
                        break;
                    case LogRecord.SnapshotEnd:
                        complete = true;
                        break;
                }
            }
            if (outcome == LogReadOutcome.End && (complete || !isSnapshot))
                return;
            offset = reader.Position;
            length = reader.Length;
            if (outcome == LogReadOutcome.End)
            {
                (what, torn, intact) = ("the snapshot ends without its end record", false, 0);
            }
            else
            {
                (what, torn) = (reader.Damage, reader.DamageLooksTorn);
                var (following, onlyZeros) = reader.CountIntactRecordsAfterDamage();
                intact = following;
                torn = (torn || onlyZeros) && following == 0;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var at = opened != null ? $" at offset {opened.Position} of {opened.Length}" : "";
            throw new LocalNodeStartupException($"cannot read {file}{at}: {ex.Message}. Make it readable by the node (or restore the data directory from a backup) and start again.", ex);
        }
        var dropped = length - offset;
        if (!isSnapshot && laterFiles == 0 && torn)
        {
            Truncate(file, offset);
            _notices.Add($"dropped the last {dropped} bytes of {file} from offset {offset} ({what}): a write cut short by a stop, never acknowledged");
            return;
        }
        var follows = $"{intact} intact record(s) follow it in this file" + (laterFiles > 0 ? $", and {laterFiles} later translog file(s)" : "");
        if (!_recover)
            throw new LocalNodeStartupException($"{file} is damaged at offset {offset} of {length}: {what}; {follows}. Nothing was changed. Start with --recover to drop the file from that offset (a copy is kept), or restore the data directory from a backup.");
        var copy = KeepCopy(file);
        if (isSnapshot)
            _snapshotAfterOpen = true;
        else
            Truncate(file, offset);
        _notices.Add($"--recover: {file} was damaged at offset {offset} ({what}); dropped {dropped} bytes from there, the damaged record and {intact} intact record(s) after it; the damaged file is kept as {copy}");
    }

    private static bool IsCompleteSnapshot(string file)
    {
        try
        {
            using var reader = new LogFileReader(file);
            var last = (byte)0;
            while (reader.Next(out var payload) == LogReadOutcome.Record)
                last = payload[0];
            return reader.Position == reader.Length && last == LogRecord.SnapshotEnd;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string ReadAllTextOrThrow(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LocalNodeStartupException($"cannot read {file}: {ex.Message}. Make it readable by the node (or restore the data directory from a backup) and start again.", ex);
        }
    }

    private string KeepCopy(string file)
    {
        var copy = DamagedCopyName(file);
        File.Copy(file, copy, overwrite: true);
        using (var stream = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite))
            stream.Flush(flushToDisk: true);
        DirectorySync.Flush(_path);
        return copy;
    }

    private string SetAside(string file)
    {
        var copy = DamagedCopyName(file);
        File.Move(file, copy, overwrite: true);
        DirectorySync.Flush(_path);
        return copy;
    }

    private static string DamagedCopyName(string file)
        => file + DataDirectoryListing.DamagedCopyMarker + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static void Truncate(string file, long length)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }

    private void Restore(DocumentRecord record)
    {
        var index = _cluster.Get(record.Index);
        if (index == null || index.Uuid != record.IndexUuid)
            return;
        var doc = record.Document;
        var shard = record.Shard >= 0 && record.Shard < index.Shards.Count
            ? index.Shards[record.Shard]
            : index.Shards[index.Routing.PlacementOf(doc.Id, doc.Routing)];
        if (doc.VectorsStripped)
        {
            var vectors = new Dictionary<string, StoredVector>(StringComparer.Ordinal);
            foreach (var (path, vector) in doc.Vectors!)
                vectors[path] = new StoredVector(shard.VectorArena.Copy(vector.Floats.Span));
            doc = new StoredDocument(doc.Id, doc.Version, doc.SeqNo, doc.PrimaryTerm, doc.StoredSource, vectors, doc.Routing, doc.DeletedAtMillis, vectorsStripped: true);
            // Byte and bit vectors stay in the stored source: parse them from the source with the logged floats back in place.
            if (index.Mapping.Fields.Values.Any(f => f.Vector is { ElementType: not VectorElementType.Float }))
            {
                try
                {
                    var parsed = DocumentParser.Parse(index.Mapping, doc.FullSource(), doc.Id, shard.VectorArena, base64Vectors: true);
                    foreach (var (path, vector) in parsed.Vectors ?? new Dictionary<string, StoredVector>())
                        if (!vector.IsFloat)
                            vectors[path] = vector;
                }
                catch (ElasticsearchException)
                {
                    // As below: keep the document even if those vectors cannot be rebuilt.
                }
            }
            doc = new StoredDocument(doc.Id, doc.Version, doc.SeqNo, doc.PrimaryTerm, doc.StoredSource, vectors, doc.Routing, doc.DeletedAtMillis, vectorsStripped: true);
        }
        else if (!doc.IsDeleted && index.Mapping.HasVectors)
        {
            try
            {
                var parsed = DocumentParser.Parse(index.Mapping, doc.StoredSource, doc.Id, shard.VectorArena, base64Vectors: true);
                doc = new StoredDocument(doc.Id, doc.Version, doc.SeqNo, doc.PrimaryTerm, doc.StoredSource, parsed.Vectors, doc.Routing, doc.DeletedAtMillis);
            }
            catch (ElasticsearchException)
            {
                // The mapping accepted this document when it was written; keep it even if vectors cannot be rebuilt.
            }
        }
        shard.Restore(doc);
    }

    /// <summary>Size of the newest snapshot file, written or recovered (0 before the first).</summary>
    public long LastSnapshotBytes { get; private set; }

    /// <summary>Writes a snapshot of everything and retires the log generations it covers.</summary>
    public void Snapshot()
    {
        if (Log == null)
            return;
        lock (_snapshotLock)
        {
            var generation = Log.Rotate();
            var indices = _cluster.Indices.Values.ToList();
            var metadata = MetadataCodec.Serialize(indices);
            var temp = Path.Combine(_path, DataDirectoryListing.SnapshotName(generation) + ".tmp");
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 20);
                LogRecord.WriteMetadata(buffer, metadata);
                foreach (var shard in indices.SelectMany(index => index.Shards, (index, shard) => (Index: index, Store: shard)))
                {
                    foreach (var doc in shard.Store.CopyAll())
                    {
                        LogRecord.WriteDocument(buffer, shard.Index.Name, shard.Index.Uuid, shard.Store.ShardId, doc);
                        if (buffer.WrittenCount > 1 << 20)
                        {
                            stream.Write(buffer.WrittenSpan);
                            buffer.ResetWrittenCount();
                        }
                    }
                }
                LogRecord.WriteEnd(buffer);
                stream.Write(buffer.WrittenSpan);
                stream.Flush(flushToDisk: true);
                LastSnapshotBytes = stream.Length;
            }
            File.Move(temp, Path.Combine(_path, DataDirectoryListing.SnapshotName(generation)), overwrite: true);
            DirectorySync.Flush(_path);
            WriteCheckpoint(generation);
            RetireFilesBefore(generation, keepSnapshot: generation);
        }
    }

    /// <summary>Deletes translogs older than <paramref name="generation"/> and every snapshot but the named one.</summary>
    private void RetireFilesBefore(long generation, long keepSnapshot)
    {
        var listing = DataDirectoryListing.Read(_path, notices: null);
        foreach (var (gen, file) in listing.Translogs)
            if (gen < generation)
                File.Delete(file);
        foreach (var (gen, file) in listing.Snapshots)
            if (gen != keepSnapshot)
                File.Delete(file);
    }

    private void WriteCheckpoint(long generation)
    {
        var temp = Path.Combine(_path, DataDirectoryListing.CheckpointFile + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(generation.ToString(CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path.Combine(_path, DataDirectoryListing.CheckpointFile), overwrite: true);
        DirectorySync.Flush(_path);
    }
}
