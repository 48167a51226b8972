using System.Runtime.CompilerServices;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// For each position of a snapshot, which of its segments holds the document and the document's number
/// there: 6 bytes per position, built once per snapshot and shared by every column that reads per-segment
/// data by position (vectors, int8 codes), where a copied 16-byte slice per position and column cost more.
/// </summary>
internal sealed class SegmentDocMap
{
    private static readonly ConditionalWeakTable<SearchSnapshot, SegmentDocMap> Cache = new();

    private readonly ushort[] _segmentOf;
    private readonly int[] _docOf;

    private SegmentDocMap(ushort[] segmentOf, int[] docOf)
    {
        _segmentOf = segmentOf;
        _docOf = docOf;
    }

    public static SegmentDocMap For(SearchSnapshot snapshot) => Cache.GetValue(snapshot, Build);

    /// <summary>The index in the snapshot's segments of the segment holding a position.</summary>
    public int SegmentOf(int position) => _segmentOf[position];

    /// <summary>The document number of a position within its segment.</summary>
    public int DocOf(int position) => _docOf[position];

    private static SegmentDocMap Build(SearchSnapshot snapshot)
    {
        var count = snapshot.Documents.Count;
        var segmentOf = new ushort[count];
        var docOf = new int[count];
        for (var s = 0; s < snapshot.Segments.Count; s++)
        {
            var view = snapshot.Segments[s];
            var segment = checked((ushort)s);
            var position = view.Start;
            for (var doc = 0; doc < view.Segment.Documents.Length; doc++)
            {
                if (view.HasDeletions && !view.Live.IsLive(doc))
                    continue;
                segmentOf[position] = segment;
                docOf[position] = doc;
                position++;
            }
        }
        return new SegmentDocMap(segmentOf, docOf);
    }
}
