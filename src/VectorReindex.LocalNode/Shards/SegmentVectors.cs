using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One dense_vector field over the documents of one segment: each document's vector (not copied) and,
/// for float vectors, its norm. Built when the refresh that made the segment runs and shared by every
/// snapshot holding it, so a snapshot's <see cref="VectorColumn"/> is assembled from its segments
/// instead of computing every norm again after each refresh.
/// </summary>
internal sealed class SegmentVectors
{
    private static readonly ConditionalWeakTable<SnapshotSegment, ConcurrentDictionary<string, Lazy<SegmentVectors>>> Cache = new();

    private const int ChunkSize = 16_384;

    private SegmentVectors(ReadOnlyMemory<float>[] floats, sbyte[]?[]? bytes, float[] floatNorms)
    {
        Floats = floats;
        Bytes = bytes;
        FloatNorms = floatNorms;
    }

    /// <summary>Each segment document's float vector; empty where it has none.</summary>
    public ReadOnlyMemory<float>[] Floats { get; }

    /// <summary>Each segment document's byte or bit vector; null when the segment has none (a float field), which saves a slot per document.</summary>
    public sbyte[]?[]? Bytes { get; }

    /// <summary>Each float vector's norm (0 where there is none).</summary>
    public float[] FloatNorms { get; }

    public static SegmentVectors For(SnapshotSegment segment, string field)
        => Cache.GetValue(segment, _ => new ConcurrentDictionary<string, Lazy<SegmentVectors>>(StringComparer.Ordinal))
            .GetOrAdd(field, f => new Lazy<SegmentVectors>(() => Build(segment, f))).Value;

    /// <summary>Builds every dense_vector field of a new segment (what a refresh does).</summary>
    public static void BuildAll(SnapshotSegment segment, IndexMapping mapping)
    {
        foreach (var field in mapping.Fields.Values)
        {
            if (field.Vector == null)
                continue;
            var vectors = For(segment, field.Path);
            // The pruning copy too, as Elasticsearch builds a segment's vector index when it writes the
            // segment: a query never pays for quantizing the vectors of a segment it did not see made.
            if (field.Vector is { ElementType: VectorElementType.Float, Dims: > 0 } options && options.Indexed)
                vectors.Quantized(options.Dims);
        }
    }

    private QuantizedColumn? _quantized;

    /// <summary>The int8 pruning copy of this segment's float vectors of <paramref name="dims"/> dimensions.</summary>
    public QuantizedColumn Quantized(int dims)
    {
        lock (this)
        {
            if (_quantized == null || _quantized.Dims != dims)
                _quantized = QuantizedColumn.Build(Floats, dims);
            return _quantized;
        }
    }

    private static SegmentVectors Build(SnapshotSegment segment, string field)
    {
        var docs = segment.Documents;
        var floats = new ReadOnlyMemory<float>[docs.Length];
        sbyte[]?[]? bytes = null;
        var norms = new float[docs.Length];
        Parallel.For(0, (docs.Length + ChunkSize - 1) / ChunkSize, RefreshParallelism.Options, chunk =>
        {
            var end = Math.Min(docs.Length, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                if (docs[i].Vectors is not { } vectors || !vectors.TryGetValue(field, out var vector))
                    continue;
                floats[i] = vector.Floats;
                if (vector.Bytes != null)
                {
                    var target = Volatile.Read(ref bytes) ?? Interlocked.CompareExchange(ref bytes, new sbyte[]?[docs.Length], null) ?? bytes;
                    target![i] = vector.Bytes;
                }
                norms[i] = floats[i].IsEmpty ? 0f : VectorMath.Norm(floats[i].Span);
            }
        });
        return new SegmentVectors(floats, bytes, norms);
    }
}
