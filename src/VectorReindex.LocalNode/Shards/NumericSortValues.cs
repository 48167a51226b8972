using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The numeric sort value of every document of one segment for one field: its smallest or its largest
/// value (the sort's mode), as <see cref="double.CompareTo(double)"/> orders them, taken from the
/// segment's sorted doc values. What sorting on a number or a boolean reads
/// instead of the source values, so a sort over a whole index costs 8 bytes and a bit per document
/// per segment, shared by every snapshot and point in time holding the segment.
/// </summary>
internal sealed class NumericSortValues
{
    // Keyed by the parts of SegmentFieldIndex.KeyOf and the mode, not by a string built from them:
    // a sort looks its values up once per document.
    private static readonly ConditionalWeakTable<SnapshotSegment, ConcurrentDictionary<(string Path, string Type, string SourcePath, bool Largest), Lazy<NumericSortValues>>> Cache = new();

    private readonly double[] _values;
    private readonly ulong[] _present;

    private NumericSortValues(double[] values, ulong[] present)
    {
        _values = values;
        _present = present;
    }

    /// <summary>The document's value, or null when it has no numeric value for the field.</summary>
    public double? Of(int doc) => (_present[doc >> 6] & (1UL << doc)) != 0 ? _values[doc] : null;

    public static NumericSortValues For(SnapshotSegment segment, FieldMapping field, string sourcePath, bool largest)
        => Cache.GetValue(segment, _ => new ConcurrentDictionary<(string, string, string, bool), Lazy<NumericSortValues>>())
            .GetOrAdd((field.Path, field.Type, sourcePath, largest),
                static (_, a) => new Lazy<NumericSortValues>(() => Build(a.Segment, SegmentFieldIndex.For(a.Segment, a.Field, a.SourcePath), a.Largest)),
                (Segment: segment, Field: field, SourcePath: sourcePath, Largest: largest)).Value;

    private static NumericSortValues Build(SnapshotSegment segment, SegmentFieldIndex index, bool largest)
    {
        var count = segment.Documents.Length;
        var values = new double[count];
        var present = new ulong[(count + 63) / 64];
        var sorted = index.SortedValues;
        var docs = index.SortedDocs;
        for (var i = 0; i < sorted.Length; i++)
        {
            var doc = docs[i];
            var seen = (present[doc >> 6] & (1UL << doc)) != 0;
            // Ascending order: the first value seen is the smallest, the last the largest.
            if (!seen || largest)
                values[doc] = sorted[i];
            present[doc >> 6] |= 1UL << doc;
        }
        return new NumericSortValues(values, present);
    }
}
