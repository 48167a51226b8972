namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One version of a document, immutable once stored, so refresh snapshots and point-in-time readers can
/// hold it without copying. A deleted document is a tombstone: no source, kept for index.gc_deletes.
/// </summary>
internal sealed class StoredDocument
{
    /// <param name="source">The _source bytes as stored, or null for a tombstone.</param>
    /// <param name="vectorsStripped">The source holds placeholders for its float vectors (<see cref="ExcludedSourceVectors"/>).</param>
    public StoredDocument(string id, long version, long seqNo, long primaryTerm, ReadOnlyMemory<byte>? source, IReadOnlyDictionary<string, StoredVector>? vectors, string? routing, long deletedAtMillis = 0, bool vectorsStripped = false)
    {
        Id = id;
        Version = version;
        SeqNo = seqNo;
        PrimaryTerm = primaryTerm;
        IsDeleted = source == null;
        StoredSource = source ?? ReadOnlyMemory<byte>.Empty;
        Vectors = SingleVectorMap.Compact(vectors);
        VectorsStripped = vectorsStripped && source != null && vectors != null;
        _rare = RareDocumentFields.Of(routing, deletedAtMillis);
    }

    private readonly RareDocumentFields? _rare;

    public string Id { get; }
    public long Version { get; }
    public long SeqNo { get; }
    public long PrimaryTerm { get; }

    /// <summary>
    /// The _source bytes as stored (often a slice of a shared <see cref="ChunkArena{T}"/> chunk): as sent,
    /// or with placeholders for the float vectors when <see cref="VectorsStripped"/>; empty for a tombstone.
    /// Read it directly only for fields other than vectors; <see cref="FullSource"/> is the document's _source.
    /// </summary>
    public ReadOnlyMemory<byte> StoredSource { get; }

    /// <summary>The stored source leaves the float vectors to <see cref="Vectors"/> (an index that excludes source vectors).</summary>
    public bool VectorsStripped { get; }

    /// <summary>The document's _source with its vectors: the stored bytes, or for a stripped source a new copy with the vectors put back as float arrays.</summary>
    public ReadOnlyMemory<byte> FullSource() => VectorsStripped ? ExcludedSourceVectors.Restore(this) : StoredSource;

    /// <summary>A source to read the values at <paramref name="path"/> from: the stored bytes unless the path is a stripped vector.</summary>
    public ReadOnlyMemory<byte> SourceFor(string path) => VectorsStripped && Vectors!.ContainsKey(path) ? FullSource() : StoredSource;

    /// <summary>Dense vectors by field path, parsed at index time.</summary>
    public IReadOnlyDictionary<string, StoredVector>? Vectors { get; }

    public string? Routing => _rare?.Routing;
    public bool IsDeleted { get; }

    /// <summary>When the delete happened (Unix ms), for tombstone expiry.</summary>
    public long DeletedAtMillis => _rare?.DeletedAtMillis ?? 0;

    /// <summary>The same version with its source and vectors moved elsewhere (arena compaction).</summary>
    public StoredDocument Relocated(ReadOnlyMemory<byte> source, IReadOnlyDictionary<string, StoredVector>? vectors)
        => new(Id, Version, SeqNo, PrimaryTerm, source, vectors, Routing, DeletedAtMillis, VectorsStripped);
}
