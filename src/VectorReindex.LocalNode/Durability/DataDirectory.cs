using System.Buffers;
using System.Globalization;
using VectorReindex.LocalNode.Cluster;
using VectorReindex.LocalNode.Documents;

namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// The --data directory: a checkpoint file naming the current snapshot generation, that snapshot, and
/// the translog generations written since. Recovery loads the snapshot then replays the logs in order;
/// a snapshot rotates the log first, so replaying from its generation over it is always correct.
/// </summary>
internal sealed class DataDirectory
{
    private const string CheckpointFile = "checkpoint";
    private readonly string _path;
    private readonly LocalCluster _cluster;
    private readonly object _snapshotLock = new();

    public DataDirectory(string path, LocalCluster cluster)
    {
        _path = path;
        _cluster = cluster;
        Directory.CreateDirectory(path);
    }

    public WriteAheadLog? Log { get; private set; }

    /// <summary>Documents and metadata records replayed at the last start.</summary>
    public long RecoveredRecords { get; private set; }

    /// <summary>Recovers the cluster from disk and opens a fresh log generation after the last one found.</summary>
    public WriteAheadLog Open()
    {
        var checkpoint = ReadCheckpoint();
        if (checkpoint > 0)
            LoadFile(Path.Combine(_path, SnapshotName(checkpoint)), requireEnd: true);
        var logs = Directory.GetFiles(_path, "translog-*.log")
            .Select(f => (File: f, Gen: long.Parse(Path.GetFileNameWithoutExtension(f)["translog-".Length..], CultureInfo.InvariantCulture)))
            .Where(x => x.Gen >= checkpoint).OrderBy(x => x.Gen).ToList();
        foreach (var (file, _) in logs)
            LoadFile(file, requireEnd: false);
        foreach (var index in _cluster.Indices.Values)
            index.Store.Refresh();
        var next = Math.Max(checkpoint, logs.Count > 0 ? logs[^1].Gen : 0) + 1;
        Log = new WriteAheadLog(_path, next);
        return Log;
    }

    private void LoadFile(string file, bool requireEnd)
    {
        if (!File.Exists(file))
            return;
        var data = File.ReadAllBytes(file);
        var position = 0;
        var complete = false;
        while (LogRecord.TryRead(data, ref position, out var payload))
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
        if (requireEnd && !complete)
            throw new InvalidDataException($"Snapshot {file} is incomplete; the data directory is damaged.");
    }

    private void Restore(DocumentRecord record)
    {
        var index = _cluster.Get(record.Index);
        if (index == null || index.Uuid != record.IndexUuid)
            return;
        var doc = record.Document;
        if (!doc.IsDeleted && index.Mapping.HasVectors)
        {
            try
            {
                var parsed = DocumentParser.Parse(index.Mapping, doc.Source, doc.Id, index.Store.VectorArena, base64Vectors: true);
                doc = new StoredDocument(doc.Id, doc.Version, doc.SeqNo, doc.PrimaryTerm, doc.Source, parsed.Vectors, doc.Routing, doc.DeletedAtMillis);
            }
            catch (Http.ElasticsearchException)
            {
                // The mapping accepted this document when it was written; keep it even if vectors cannot be rebuilt.
            }
        }
        index.Store.Restore(doc);
    }

    /// <summary>Size of the newest snapshot file written by this process (0 before the first).</summary>
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
            var temp = Path.Combine(_path, SnapshotName(generation) + ".tmp");
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 20);
                LogRecord.WriteMetadata(buffer, metadata);
                foreach (var index in indices)
                {
                    foreach (var doc in index.Store.CopyAll())
                    {
                        LogRecord.WriteDocument(buffer, index.Name, index.Uuid, doc);
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
            File.Move(temp, Path.Combine(_path, SnapshotName(generation)), overwrite: true);
            WriteCheckpoint(generation);
            foreach (var file in Directory.GetFiles(_path, "translog-*.log").Concat(Directory.GetFiles(_path, "snapshot-*.bin")))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var gen = long.Parse(name[(name.IndexOf('-') + 1)..], CultureInfo.InvariantCulture);
                if (gen < generation)
                    File.Delete(file);
            }
        }
    }

    private static string SnapshotName(long generation) => $"snapshot-{generation.ToString("D10", CultureInfo.InvariantCulture)}.bin";

    private long ReadCheckpoint()
    {
        var file = Path.Combine(_path, CheckpointFile);
        return File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var gen) ? gen : 0;
    }

    private void WriteCheckpoint(long generation)
    {
        var temp = Path.Combine(_path, CheckpointFile + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(generation.ToString(CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path.Combine(_path, CheckpointFile), overwrite: true);
    }
}
