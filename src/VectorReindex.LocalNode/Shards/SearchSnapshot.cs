namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// What search sees: the live documents as of the last refresh, in seq_no order (a stable _doc order).
/// Immutable, so a point in time or a scroll can keep reading it while writes go on. The documents are
/// the live ones of its segments, in segment order; a document's position is its segment view's start
/// plus its rank among that segment's live documents.
/// </summary>
internal sealed class SearchSnapshot
{
    public static readonly SearchSnapshot Empty = new(Array.Empty<SegmentView>(), -1);

    /// <summary>A snapshot of one segment holding exactly <paramref name="documents"/> (ascending seq_no).</summary>
    public SearchSnapshot(IReadOnlyList<StoredDocument> documents, long maxSeqNo, SearchSnapshot? predecessor = null)
        : this(new[] { new SegmentView(new SnapshotSegment(documents.ToArray()), LiveDocs.All(documents.Count), 0) }, maxSeqNo, predecessor)
    {
    }

    public SearchSnapshot(IReadOnlyList<SegmentView> segments, long maxSeqNo, SearchSnapshot? predecessor = null)
    {
        Segments = segments;
        var count = segments.Sum(s => s.Live.Count);
        var documents = new StoredDocument[count];
        foreach (var view in segments)
        {
            if (!view.HasDeletions)
            {
                view.Segment.Documents.CopyTo(documents, view.Start);
                continue;
            }
            var position = view.Start;
            var segmentDocs = view.Segment.Documents;
            for (var i = 0; i < segmentDocs.Length; i++)
                if (view.Live.IsLive(i))
                    documents[position++] = segmentDocs[i];
        }
        Documents = documents;
        MaxSeqNo = maxSeqNo;
        _predecessor = predecessor == null ? null : new WeakReference<SearchSnapshot>(predecessor);
    }

    /// <summary>The segments in seq_no order, each with the documents this snapshot sees of it.</summary>
    public IReadOnlyList<SegmentView> Segments { get; }

    private readonly WeakReference<SearchSnapshot>? _predecessor;

    /// <summary>
    /// The snapshot this one replaced at refresh, while something still holds it: per-field structures
    /// built for it are carried over for the documents both share instead of being rebuilt.
    /// </summary>
    public SearchSnapshot? Predecessor => _predecessor != null && _predecessor.TryGetTarget(out var previous) ? previous : null;

    public IReadOnlyList<StoredDocument> Documents { get; }

    /// <summary>The segment view and segment document number of a snapshot position.</summary>
    public (SegmentView View, int Doc) SegmentDocOf(int position)
    {
        int lo = 0, hi = Segments.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (Segments[mid].Start <= position) lo = mid;
            else hi = mid - 1;
        }
        var view = Segments[lo];
        var rank = position - view.Start;
        return (view, view.HasDeletions ? view.Live.Select(rank) : rank);
    }

    /// <summary>Every write with a seq_no up to this one is visible.</summary>
    public long MaxSeqNo { get; }

    private Dictionary<string, StoredDocument>? _byId;
    private Dictionary<string, int>? _positionById;

    /// <summary>The position of a document in <see cref="Documents"/>, or -1 when the snapshot lacks it.</summary>
    public int PositionOf(string id)
    {
        var map = _positionById ??= BuildPositions();
        return map.TryGetValue(id, out var position) ? position : -1;
    }

    private Dictionary<string, int> BuildPositions()
    {
        var map = new Dictionary<string, int>(Documents.Count, StringComparer.Ordinal);
        for (var i = 0; i < Documents.Count; i++)
            map[Documents[i].Id] = i;
        return map;
    }

    /// <summary>A document as search sees it (get with realtime=false).</summary>
    public StoredDocument? Find(string id)
    {
        var map = _byId ??= Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return map.TryGetValue(id, out var doc) ? doc : null;
    }
}
