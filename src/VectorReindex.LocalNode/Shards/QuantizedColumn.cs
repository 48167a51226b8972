using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// An int8 copy of a float vector column (contiguous per segment), used only to prune exact kNN: each vector is
/// stored as a scale and 8-bit codes plus the norm of what the codes leave out (the residual), so the
/// true dot product with any query is within ‖q‖·‖residual‖ of the quantized one. A quarter of the
/// bytes to stream; candidates that could still make the top k are then scored exactly from the floats.
/// </summary>
internal sealed class QuantizedColumn
{
    private const int Chunk = 8192;

    // A segment's column is its codes in one array, document after document. A snapshot's column reads
    // them through its segments' columns by the snapshot's SegmentDocMap, instead of a 16-byte slice per position.
    private readonly sbyte[] _codes = Array.Empty<sbyte>();
    private readonly QuantizedColumn[]? _parts;
    private readonly SegmentDocMap? _map;

    private QuantizedColumn(int dims, sbyte[] codes, float[] scales, float[] residualNorms)
    {
        Dims = dims;
        _codes = codes;
        Scales = scales;
        ResidualNorms = residualNorms;
    }

    private QuantizedColumn(int dims, QuantizedColumn[] parts, SegmentDocMap map, float[] scales, float[] residualNorms)
    {
        Dims = dims;
        _parts = parts;
        _map = map;
        Scales = scales;
        ResidualNorms = residualNorms;
    }

    public int Dims { get; }

    /// <summary>Per document; NaN where the document has no vector.</summary>
    public float[] Scales { get; }
    public float[] ResidualNorms { get; }

    /// <summary>A document's <see cref="Dims"/> codes; empty where it has no vector.</summary>
    public ReadOnlySpan<sbyte> Codes(int doc) => float.IsNaN(Scales[doc]) ? ReadOnlySpan<sbyte>.Empty : CodesOfVector(doc);

    /// <summary>The codes of a document known to have a vector (the scan has checked its scale).</summary>
    private ReadOnlySpan<sbyte> CodesOfVector(int doc)
    {
        if (_parts == null)
            return _codes.AsSpan((int)((long)doc * Dims), Dims);
        var part = _parts[_map!.SegmentOf(doc)];
        return part._codes.AsSpan((int)((long)_map.DocOf(doc) * Dims), Dims);
    }

    /// <summary>Quantizes <paramref name="floats"/> (one segment's vectors; a vector of other dimensions counts as absent).</summary>
    public static QuantizedColumn Build(ReadOnlyMemory<float>[] floats, int dims)
    {
        var count = floats.Length;
        var all = new sbyte[(long)count * dims];
        var scales = new float[count];
        var residuals = new float[count];
        Parallel.For(0, (count + Chunk - 1) / Chunk, RefreshParallelism.Options, c =>
        {
            var end = Math.Min(count, (c + 1) * Chunk);
            for (var i = c * Chunk; i < end; i++)
            {
                var v = floats[i].Span;
                if (v.IsEmpty || v.Length != dims)
                {
                    scales[i] = float.NaN;
                    continue;
                }
                var max = 0f;
                foreach (var x in v)
                    max = Math.Max(max, Math.Abs(x));
                var scale = max == 0 ? 1f : max / 127f;
                var target = all.AsSpan((int)((long)i * dims), dims);
                double residual = 0;
                for (var d = 0; d < dims; d++)
                {
                    var code = (sbyte)Math.Clamp(MathF.Round(v[d] / scale), -127, 127);
                    target[d] = code;
                    var r = v[d] - (double)scale * code;
                    residual += r * r;
                }
                scales[i] = scale;
                residuals[i] = (float)Math.Sqrt(residual);
            }
        });
        return new QuantizedColumn(dims, all, scales, residuals);
    }

    /// <summary>
    /// A snapshot's column laid out by position, taken from its segments' columns (quantized when the
    /// refresh or merge made each segment; the codes are not copied), so a refresh costs the queries
    /// after it neither a quantization of every vector again nor a copy of every code.
    /// </summary>
    public static QuantizedColumn Assemble(SearchSnapshot snapshot, string field, int dims)
    {
        var count = snapshot.Documents.Count;
        var parts = new QuantizedColumn[snapshot.Segments.Count];
        var scales = new float[count];
        var residuals = new float[count];
        for (var s = 0; s < parts.Length; s++)
        {
            var view = snapshot.Segments[s];
            var part = parts[s] = SegmentVectors.For(view.Segment, field).Quantized(dims);
            if (!view.HasDeletions)
            {
                part.Scales.CopyTo(scales, view.Start);
                part.ResidualNorms.CopyTo(residuals, view.Start);
                continue;
            }
            for (var doc = 0; doc < part.Scales.Length; doc++)
            {
                if (!view.Live.IsLive(doc))
                    continue;
                var position = view.PositionOf(doc);
                scales[position] = part.Scales[doc];
                residuals[position] = part.ResidualNorms[doc];
            }
        }
        return new QuantizedColumn(dims, parts, SegmentDocMap.For(snapshot), scales, residuals);
    }

    /// <summary>Quantizes a query the same way: its codes, scale and residual norm.</summary>
    public static (sbyte[] Codes, float Scale, float ResidualNorm) Quantize(ReadOnlySpan<float> query)
    {
        var max = 0f;
        foreach (var x in query)
            max = Math.Max(max, Math.Abs(x));
        var scale = max == 0 ? 1f : max / 127f;
        var codes = new sbyte[query.Length];
        double residual = 0;
        for (var d = 0; d < query.Length; d++)
        {
            codes[d] = (sbyte)Math.Clamp(MathF.Round(query[d] / scale), -127, 127);
            var r = query[d] - (double)scale * codes[d];
            residual += r * r;
        }
        return (codes, scale, (float)Math.Sqrt(residual));
    }

    /// <summary>Σ qcode_d·code_d for one document with a vector, exact in integers (8-bit products summed in 32 bits).</summary>
    public int CodeDot(ReadOnlySpan<sbyte> queryCodes, int doc)
    {
        var codes = CodesOfVector(doc);
        ref var pq = ref MemoryMarshal.GetReference(queryCodes);
        ref var pc = ref MemoryMarshal.GetReference(codes);
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && Dims >= 32)
        {
            var acc0 = Vector256<int>.Zero;
            var acc1 = Vector256<int>.Zero;
            for (; i <= Dims - 32; i += 32)
            {
                var (qlo, qhi) = Vector256.Widen(Vector256.LoadUnsafe(ref pq, (nuint)i));
                var (clo, chi) = Vector256.Widen(Vector256.LoadUnsafe(ref pc, (nuint)i));
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(qlo, clo));
                acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(qhi, chi));
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < Dims; i++)
            sum += Unsafe.Add(ref pq, i) * Unsafe.Add(ref pc, i);
        return sum;
    }
}
