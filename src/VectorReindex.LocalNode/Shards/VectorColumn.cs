using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One dense_vector field of one snapshot laid out for scanning: the vector of every document by its
/// position (empty or null where absent) and, for cosine, the norms. Assembled once per snapshot and field
/// from its segments' <see cref="SegmentVectors"/> (built at refresh) and shared by every query on that
/// snapshot; the vectors are read through the segments (<see cref="SegmentDocMap"/>), not copied.
/// </summary>
internal sealed class VectorColumn
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, Lazy<VectorColumn>>> Cache = new();

    private readonly float[] _floatNorms;
    private float[]? _byteNorms;

    private readonly SearchSnapshot _snapshot;
    private readonly string _field;
    private readonly SegmentVectors[] _parts;
    private readonly SegmentDocMap _map;

    private VectorColumn(SearchSnapshot snapshot, string field, SegmentVectors[] parts, SegmentDocMap map, float[] floatNorms)
    {
        _snapshot = snapshot;
        _field = field;
        _parts = parts;
        _map = map;
        _floatNorms = floatNorms;
        HasBytes = parts.Any(p => p.Bytes != null);
    }

    /// <summary>Documents (positions) in the column.</summary>
    public int Count => _floatNorms.Length;

    /// <summary>Whether any document holds a byte or bit vector.</summary>
    public bool HasBytes { get; }

    /// <summary>A document's float vector; empty where it has none.</summary>
    public ReadOnlyMemory<float> Float(int position) => _parts[_map.SegmentOf(position)].Floats[_map.DocOf(position)];

    /// <summary>A document's byte or bit vector; null where it has none.</summary>
    public sbyte[]? Byte(int position) => _parts[_map.SegmentOf(position)].Bytes?[_map.DocOf(position)];

    public static VectorColumn For(SearchSnapshot snapshot, string field)
        => Cache.GetValue(snapshot, _ => new ConcurrentDictionary<string, Lazy<VectorColumn>>(StringComparer.Ordinal))
            .GetOrAdd(field, f => new Lazy<VectorColumn>(() => Build(snapshot, f))).Value;

    private static VectorColumn Build(SearchSnapshot snapshot, string field)
    {
        var count = snapshot.Documents.Count;
        var parts = new SegmentVectors[snapshot.Segments.Count];
        var norms = new float[count];
        for (var s = 0; s < parts.Length; s++)
        {
            var view = snapshot.Segments[s];
            var part = parts[s] = SegmentVectors.For(view.Segment, field);
            if (!view.HasDeletions)
            {
                part.FloatNorms.CopyTo(norms, view.Start);
                continue;
            }
            for (var doc = 0; doc < part.FloatNorms.Length; doc++)
                if (view.Live.IsLive(doc))
                    norms[view.PositionOf(doc)] = part.FloatNorms[doc];
        }
        return new VectorColumn(snapshot, field, parts, SegmentDocMap.For(snapshot), norms);
    }

    public float[] FloatNorms => _floatNorms;

    private QuantizedColumn? _quantized;

    /// <summary>The int8 pruning copy of the float vectors (assembled from the segments' on first use, kept with the snapshot).</summary>
    public QuantizedColumn Quantized(int dims)
    {
        lock (this)
        {
            if (_quantized == null || _quantized.Dims != dims)
                _quantized = QuantizedColumn.Assemble(_snapshot, _field, dims);
            return _quantized;
        }
    }

    public float[] ByteNorms => _byteNorms ??= ComputeByteNorms();

    private float[] ComputeByteNorms()
    {
        var norms = new float[Count];
        if (HasBytes)
            for (var i = 0; i < norms.Length; i++)
                norms[i] = Byte(i) is { } b ? VectorMath.Norm(b) : 0f;
        return norms;
    }
}
