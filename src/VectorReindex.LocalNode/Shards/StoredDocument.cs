namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One version of a document, immutable once stored, so refresh snapshots and point-in-time readers can
/// hold it without copying. A deleted document is a tombstone: no source, kept for index.gc_deletes.
/// </summary>
internal sealed class StoredDocument
{
    /// <param name="source">The _source bytes, or null for a tombstone.</param>
    public StoredDocument(string id, long version, long seqNo, long primaryTerm, ReadOnlyMemory<byte>? source, IReadOnlyDictionary<string, StoredVector>? vectors, string? routing, long deletedAtMillis = 0)
    {
        Id = id;
        Version = version;
        SeqNo = seqNo;
        PrimaryTerm = primaryTerm;
        IsDeleted = source == null;
        Source = source ?? ReadOnlyMemory<byte>.Empty;
        Vectors = SingleVectorMap.Compact(vectors);
        Routing = routing;
        DeletedAtMillis = deletedAtMillis;
    }

    public string Id { get; }
    public long Version { get; }
    public long SeqNo { get; }
    public long PrimaryTerm { get; }

    /// <summary>The _source bytes exactly as sent (often a slice of a shared <see cref="ChunkArena{T}"/> chunk); empty for a tombstone.</summary>
    public ReadOnlyMemory<byte> Source { get; }

    /// <summary>Dense vectors by field path, parsed at index time.</summary>
    public IReadOnlyDictionary<string, StoredVector>? Vectors { get; }

    public string? Routing { get; }
    public bool IsDeleted { get; }

    /// <summary>When the delete happened (Unix ms), for tombstone expiry.</summary>
    public long DeletedAtMillis { get; }

    /// <summary>The same version with its source and vectors moved elsewhere (arena compaction).</summary>
    public StoredDocument Relocated(ReadOnlyMemory<byte> source, IReadOnlyDictionary<string, StoredVector>? vectors)
        => new(Id, Version, SeqNo, PrimaryTerm, source, vectors, Routing, DeletedAtMillis);
}
