using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// One dense_vector field of one snapshot laid out for scanning: the vector of every document by its
/// position (null where absent) and, for cosine, the norms. Built once per snapshot and field and
/// shared by every query on that snapshot; the vectors themselves are not copied.
/// </summary>
internal sealed class VectorColumn
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, VectorColumn>> Cache = new();

    private float[]? _floatNorms;
    private float[]? _byteNorms;

    private VectorColumn(ReadOnlyMemory<float>[] floats, sbyte[]?[] bytes)
    {
        Floats = floats;
        Bytes = bytes;
    }

    /// <summary>Each document's float vector; empty where it has none.</summary>
    public ReadOnlyMemory<float>[] Floats { get; }
    public sbyte[]?[] Bytes { get; }

    public static VectorColumn For(SearchSnapshot snapshot, string field)
        => Cache.GetValue(snapshot, _ => new ConcurrentDictionary<string, VectorColumn>(StringComparer.Ordinal))
            .GetOrAdd(field, f => Build(snapshot, f));

    private static VectorColumn Build(SearchSnapshot snapshot, string field)
    {
        var docs = snapshot.Documents;
        var floats = new ReadOnlyMemory<float>[docs.Count];
        var bytes = new sbyte[]?[docs.Count];
        for (var i = 0; i < docs.Count; i++)
        {
            if (docs[i].Vectors is { } vectors && vectors.TryGetValue(field, out var vector))
            {
                floats[i] = vector.Floats;
                bytes[i] = vector.Bytes;
            }
        }
        return new VectorColumn(floats, bytes);
    }

    public float[] FloatNorms => _floatNorms ??= ComputeFloatNorms();

    private QuantizedColumn? _quantized;

    /// <summary>The int8 pruning copy of the float vectors (built on first use, kept with the snapshot).</summary>
    public QuantizedColumn Quantized(int dims)
    {
        lock (this)
            return _quantized ??= QuantizedColumn.Build(this, dims);
    }

    public float[] ByteNorms => _byteNorms ??= Bytes.Select(b => b == null ? 0f : VectorMath.Norm(b)).ToArray();

    private float[] ComputeFloatNorms()
    {
        var norms = new float[Floats.Length];
        Parallel.For(0, (norms.Length + 65535) / 65536, chunk =>
        {
            var end = Math.Min(norms.Length, (chunk + 1) * 65536);
            for (var i = chunk * 65536; i < end; i++)
                norms[i] = Floats[i].IsEmpty ? 0f : VectorMath.Norm(Floats[i].Span);
        });
        return norms;
    }
}
