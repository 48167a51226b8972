namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The documents one refresh (or one merge) made searchable, in seq_no order, numbered from 0.
/// Immutable and shared by every snapshot that contains any of them: what is built per segment (the
/// per-field indexes) is built once, at the refresh that made it, and later deletes only mask its
/// documents out through each snapshot's <see cref="LiveDocs"/>.
/// </summary>
internal sealed class SnapshotSegment
{
    public SnapshotSegment(StoredDocument[] documents)
    {
        Documents = documents;
    }

    /// <summary>Ascending seq_no; every one was live when the segment was made.</summary>
    public StoredDocument[] Documents { get; }

    public long MinSeqNo => Documents.Length == 0 ? long.MaxValue : Documents[0].SeqNo;
    public long MaxSeqNo => Documents.Length == 0 ? long.MinValue : Documents[^1].SeqNo;

    /// <summary>The segment's number for a seq_no, or -1 when it holds no document with it.</summary>
    public int IndexOf(long seqNo)
    {
        int lo = 0, hi = Documents.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = Documents[mid].SeqNo;
            if (s == seqNo) return mid;
            if (s < seqNo) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}

/// <summary>One segment as a snapshot sees it: which of its documents are live, and the snapshot position of its first live one.</summary>
internal readonly record struct SegmentView(SnapshotSegment Segment, LiveDocs Live, int Start)
{
    /// <summary>The snapshot position of a live segment document.</summary>
    public int PositionOf(int doc) => Start + Live.Rank(doc);

    public bool HasDeletions => Live.Count != Segment.Documents.Length;
}
