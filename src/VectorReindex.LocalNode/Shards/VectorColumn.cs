using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One dense_vector field of one snapshot laid out for scanning: the vector of every document by its
/// position (null where absent) and, for cosine, the norms. Assembled once per snapshot and field from
/// its segments' <see cref="SegmentVectors"/> (built at refresh) and shared by every query on that
/// snapshot; the vectors themselves are not copied.
/// </summary>
internal sealed class VectorColumn
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, Lazy<VectorColumn>>> Cache = new();

    private readonly float[] _floatNorms;
    private float[]? _byteNorms;

    private readonly SearchSnapshot _snapshot;
    private readonly string _field;

    private VectorColumn(SearchSnapshot snapshot, string field, ReadOnlyMemory<float>[] floats, sbyte[]?[]? bytes, float[] floatNorms)
    {
        _snapshot = snapshot;
        _field = field;
        Floats = floats;
        Bytes = bytes;
        _floatNorms = floatNorms;
    }

    /// <summary>Each document's float vector; empty where it has none.</summary>
    public ReadOnlyMemory<float>[] Floats { get; }

    /// <summary>Each document's byte or bit vector; null when no segment has one (a float field).</summary>
    public sbyte[]?[]? Bytes { get; }

    public static VectorColumn For(SearchSnapshot snapshot, string field)
        => Cache.GetValue(snapshot, _ => new ConcurrentDictionary<string, Lazy<VectorColumn>>(StringComparer.Ordinal))
            .GetOrAdd(field, f => new Lazy<VectorColumn>(() => Build(snapshot, f))).Value;

    private static VectorColumn Build(SearchSnapshot snapshot, string field)
    {
        var count = snapshot.Documents.Count;
        var floats = new ReadOnlyMemory<float>[count];
        sbyte[]?[]? bytes = null;
        var norms = new float[count];
        foreach (var view in snapshot.Segments)
        {
            var part = SegmentVectors.For(view.Segment, field);
            if (part.Bytes != null)
                bytes ??= new sbyte[]?[count];
            if (!view.HasDeletions)
            {
                part.Floats.CopyTo(floats, view.Start);
                part.Bytes?.CopyTo(bytes!, view.Start);
                part.FloatNorms.CopyTo(norms, view.Start);
                continue;
            }
            for (var doc = 0; doc < part.Floats.Length; doc++)
            {
                if (!view.Live.IsLive(doc))
                    continue;
                var position = view.PositionOf(doc);
                floats[position] = part.Floats[doc];
                if (part.Bytes != null)
                    bytes![position] = part.Bytes[doc];
                norms[position] = part.FloatNorms[doc];
            }
        }
        return new VectorColumn(snapshot, field, floats, bytes, norms);
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

    public float[] ByteNorms => _byteNorms ??= Bytes?.Select(b => b == null ? 0f : VectorMath.Norm(b)).ToArray() ?? new float[Floats.Length];
}
