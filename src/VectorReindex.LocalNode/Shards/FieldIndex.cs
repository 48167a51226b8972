using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The per-field index of one mapped field as one snapshot sees it: its segments' indexes
/// (<see cref="SegmentFieldIndex"/>, built at the refresh that made each segment) read through the
/// snapshot's live documents and answered in snapshot positions. Postings (term to ascending document
/// positions) for keyword-like and text fields, where text terms are the analyzed tokens and keyword
/// terms the whole values; sorted doc values for numbers, dates and booleans; the documents that have
/// any value; and the live length statistics BM25 needs. Queries use it to find their matches.
/// </summary>
internal sealed class FieldIndex
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, FieldIndex>> Cache = new();

    private readonly SearchSnapshot _snapshot;
    private readonly (SegmentView View, SegmentFieldIndex Index)[] _segments;
    private int[]? _docsWithValues;

    private FieldIndex(SearchSnapshot snapshot, FieldMapping field, string sourcePath)
    {
        _snapshot = snapshot;
        Kind = KindOf(field);
        _segments = snapshot.Segments.Select(view => (view, SegmentFieldIndex.For(view.Segment, field, sourcePath))).ToArray();
        long totalLength = 0;
        var docCount = 0;
        foreach (var (view, index) in _segments)
        {
            if (!view.HasDeletions)
            {
                docCount += index.DocsWithValues.Length;
                totalLength += index.TotalLength;
                continue;
            }
            foreach (var doc in index.DocsWithValues)
                if (view.Live.IsLive(doc))
                {
                    docCount++;
                    totalLength += index.Lengths[doc];
                }
        }
        DocCount = docCount;
        TotalLength = totalLength;
        HasNaN = _segments.Any(s => s.Index.NaNCount > 0);
    }

    public FieldIndexKind Kind { get; }

    /// <summary>Ascending positions of the documents with at least one value.</summary>
    public int[] DocsWithValues => _docsWithValues ??= Positions(s => s.DocsWithValues);

    /// <summary>Documents with a value (BM25's document count).</summary>
    public int DocCount { get; }

    /// <summary>Terms over all values of all documents (BM25's total field length).</summary>
    public long TotalLength { get; }

    /// <summary>Whether some value is NaN (a numeric string "NaN"): ranges then return more than they match.</summary>
    public bool HasNaN { get; }

    /// <summary>Every term some live document holds.</summary>
    public IEnumerable<string> Terms
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (view, index) in _segments)
                foreach (var (term, posting) in index.Postings)
                    if (!seen.Contains(term) && (!view.HasDeletions || posting.Docs.Any(view.Live.IsLive)))
                    {
                        seen.Add(term);
                        yield return term;
                    }
        }
    }

    /// <summary>Ascending positions of the documents holding the term (empty when none does).</summary>
    public int[] Postings(string term)
    {
        if (_segments.Length == 1 && !_segments[0].View.HasDeletions)
            return _segments[0].Index.Postings.TryGetValue(term, out var only) ? only.Docs : Array.Empty<int>();
        return Positions(s => s.Postings.TryGetValue(term, out var posting) ? posting.Docs : Array.Empty<int>());
    }

    /// <summary>The term's postings in ascending positions, with each document's frequency of the term.</summary>
    public (int[] Docs, int[] Freqs) Frequencies(string term)
    {
        if (_segments.Length == 1 && !_segments[0].View.HasDeletions)
            return _segments[0].Index.Postings.TryGetValue(term, out var only) ? (only.Docs, only.Freqs) : (Array.Empty<int>(), Array.Empty<int>());
        var docs = new List<int>();
        var freqs = new List<int>();
        foreach (var (view, index) in _segments)
        {
            if (!index.Postings.TryGetValue(term, out var posting))
                continue;
            for (var i = 0; i < posting.Docs.Length; i++)
            {
                var doc = posting.Docs[i];
                if (!view.Live.IsLive(doc))
                    continue;
                docs.Add(view.PositionOf(doc));
                freqs.Add(posting.Freqs[i]);
            }
        }
        return (docs.ToArray(), freqs.ToArray());
    }

    private int[]? _lengths;

    /// <summary>Each document's field length (terms over its values) by position.</summary>
    public int[] Lengths => _lengths ??= BuildLengths();

    private int[] BuildLengths()
    {
        if (_segments.Length == 1 && !_segments[0].View.HasDeletions)
            return _segments[0].Index.Lengths;
        var lengths = new int[_snapshot.Documents.Count];
        foreach (var (view, index) in _segments)
            for (var doc = 0; doc < index.Lengths.Length; doc++)
                if (view.Live.IsLive(doc))
                    lengths[view.PositionOf(doc)] = index.Lengths[doc];
        return lengths;
    }

    /// <summary>
    /// Ascending positions of the documents with a value between the bounds (null: unbounded), compared as
    /// <see cref="double.CompareTo(double)"/> does. NaN values always come back: they compare below every
    /// number, which the caller's own check settles.
    /// </summary>
    public int[] Range(double? lower, bool lowerInclusive, double? upper, bool upperInclusive)
    {
        var bits = new ulong[(_snapshot.Documents.Count + 63) / 64];
        foreach (var (view, index) in _segments)
        {
            var values = index.SortedValues;
            var from = 0;
            var to = values.Length;
            if (lower is { } lo)
                from = lowerInclusive ? LowerBound(values, lo) : UpperBound(values, lo);
            if (upper is { } hi)
                to = upperInclusive ? UpperBound(values, hi) : LowerBound(values, hi);
            for (var i = 0; i < index.NaNCount; i++)
                Set(bits, view, index.SortedDocs[i]);
            for (var i = Math.Max(from, index.NaNCount); i < to; i++)
                Set(bits, view, index.SortedDocs[i]);
        }
        return Ascending(bits);
    }

    private static void Set(ulong[] bits, SegmentView view, int doc)
    {
        if (!view.Live.IsLive(doc))
            return;
        var position = view.PositionOf(doc);
        bits[position >> 6] |= 1UL << position;
    }

    private static int[] Ascending(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
            count += BitOperations.PopCount(word);
        var result = new int[count];
        var n = 0;
        for (var w = 0; w < bits.Length; w++)
            for (var word = bits[w]; word != 0; word &= word - 1)
                result[n++] = (w << 6) + BitOperations.TrailingZeroCount(word);
        return result;
    }

    /// <summary>Segment documents (ascending) mapped to ascending snapshot positions, deleted ones left out.</summary>
    private int[] Positions(Func<SegmentFieldIndex, int[]> docsOf)
    {
        var result = new List<int>();
        foreach (var (view, index) in _segments)
        {
            var docs = docsOf(index);
            if (!view.HasDeletions)
            {
                foreach (var doc in docs)
                    result.Add(view.Start + doc);
                continue;
            }
            foreach (var doc in docs)
                if (view.Live.IsLive(doc))
                    result.Add(view.PositionOf(doc));
        }
        return result.ToArray();
    }

    private static int LowerBound(double[] values, double value)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid].CompareTo(value) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int UpperBound(double[] values, double value)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid].CompareTo(value) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public static FieldIndexKind KindOf(FieldMapping field)
        => field.IsText ? FieldIndexKind.Text
            : FieldValue.IsNumericOrDate(field) || field.Type == "boolean" ? FieldIndexKind.Numeric
            : FieldIndexKind.Keyword;

    /// <summary>The index of a mapped field, reading the values at <paramref name="sourcePath"/> (a multi-field reads its parent's).</summary>
    public static FieldIndex For(SearchSnapshot snapshot, FieldMapping field, string sourcePath)
        => Cache.GetValue(snapshot, _ => new ConcurrentDictionary<string, FieldIndex>(StringComparer.Ordinal))
            .GetOrAdd(SegmentFieldIndex.KeyOf(field, sourcePath), _ => new FieldIndex(snapshot, field, sourcePath));
}

internal enum FieldIndexKind
{
    /// <summary>Postings of whole values (keyword, wildcard, ip...).</summary>
    Keyword,

    /// <summary>Postings of analyzed tokens.</summary>
    Text,

    /// <summary>Sorted doc values (numbers, dates, booleans).</summary>
    Numeric,
}
