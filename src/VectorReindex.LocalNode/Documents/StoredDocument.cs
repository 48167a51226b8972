namespace VectorReindex.LocalNode.Documents;

/// <summary>
/// One version of a document, immutable once stored, so refresh snapshots and point-in-time readers can
/// hold it without copying. A deleted document is a tombstone: no source, kept for index.gc_deletes.
/// </summary>
internal sealed class StoredDocument
{
    public StoredDocument(string id, long version, long seqNo, long primaryTerm, byte[]? source, IReadOnlyDictionary<string, StoredVector>? vectors, string? routing, long deletedAtMillis = 0)
    {
        Id = id;
        Version = version;
        SeqNo = seqNo;
        PrimaryTerm = primaryTerm;
        Source = source;
        Vectors = vectors;
        Routing = routing;
        DeletedAtMillis = deletedAtMillis;
    }

    public string Id { get; }
    public long Version { get; }
    public long SeqNo { get; }
    public long PrimaryTerm { get; }

    /// <summary>The _source bytes exactly as sent; null for a tombstone.</summary>
    public byte[]? Source { get; }

    /// <summary>Dense vectors by field path, parsed at index time.</summary>
    public IReadOnlyDictionary<string, StoredVector>? Vectors { get; }

    public string? Routing { get; }
    public bool IsDeleted => Source == null;

    /// <summary>When the delete happened (Unix ms), for tombstone expiry.</summary>
    public long DeletedAtMillis { get; }
}
