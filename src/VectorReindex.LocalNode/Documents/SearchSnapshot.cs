namespace VectorReindex.LocalNode.Documents;

/// <summary>
/// What search sees: the live documents as of the last refresh, in seq_no order (a stable _doc order).
/// Immutable, so a point in time or a scroll can keep reading it while writes go on.
/// </summary>
internal sealed class SearchSnapshot
{
    public static readonly SearchSnapshot Empty = new(Array.Empty<StoredDocument>(), -1);

    public SearchSnapshot(IReadOnlyList<StoredDocument> documents, long maxSeqNo)
    {
        Documents = documents;
        MaxSeqNo = maxSeqNo;
    }

    public IReadOnlyList<StoredDocument> Documents { get; }

    /// <summary>Every write with a seq_no up to this one is visible.</summary>
    public long MaxSeqNo { get; }

    private Dictionary<string, StoredDocument>? _byId;

    /// <summary>A document as search sees it (get with realtime=false).</summary>
    public StoredDocument? Find(string id)
    {
        var map = _byId ??= Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return map.TryGetValue(id, out var doc) ? doc : null;
    }
}
