using System.Buffers;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// Scores documents of one dense_vector field against a query vector exactly as Elasticsearch 8.x
/// does for each similarity and element type, and finds the top k by a parallel scan.
/// </summary>
internal sealed class VectorScorer
{
    private const int ParallelThreshold = 32_768;
    private const int ChunkSize = 16_384;

    private readonly VectorColumn _column;
    private readonly DenseVectorOptions _options;
    private readonly float[] _query;
    private readonly sbyte[]? _byteQuery;
    private readonly float _queryNorm;
    private readonly string _similarity;

    public VectorScorer(VectorColumn column, DenseVectorOptions options, string field, float[] query)
    {
        _column = column;
        _options = options;
        _similarity = options.Similarity ?? (options.ElementType == VectorElementType.Bit ? "l2_norm" : "cosine");
        var expected = options.ElementType == VectorElementType.Bit ? options.Dims / 8 : options.Dims;
        if (options.Dims > 0 && query.Length != expected)
            throw Errors.IllegalArgument(options.ElementType == VectorElementType.Bit
                ? $"The query vector has an incorrect number of dimensions. Must be [{options.Dims / 8}] for bitwise operations, but was [{query.Length}]."
                : $"The query vector has a different number of dimensions [{query.Length}] than the document vectors [{options.Dims}].");
        _query = query;
        if (options.ElementType != VectorElementType.Float)
        {
            _byteQuery = new sbyte[query.Length];
            for (var i = 0; i < query.Length; i++)
            {
                var v = query[i];
                if (v % 1 != 0)
                    throw Errors.IllegalArgument($"element_type [byte] vectors only support non-decimal values but found decimal value [{v.ToString(System.Globalization.CultureInfo.InvariantCulture)}] at dim [{i}];");
                if (v < sbyte.MinValue || v > sbyte.MaxValue)
                    throw Errors.IllegalArgument($"element_type [byte] vectors only support integers between [-128, 127] but found [{v.ToString(System.Globalization.CultureInfo.InvariantCulture)}] at dim [{i}];");
                _byteQuery[i] = (sbyte)v;
            }
        }
        _queryNorm = _byteQuery != null ? VectorMath.Norm(_byteQuery) : VectorMath.Norm(query);
        if (_similarity == "cosine" && _queryNorm == 0)
            throw Errors.IllegalArgument("The [cosine] similarity does not support vectors with zero magnitude.");
        _ = field;
    }

    /// <summary>The score a raw similarity threshold corresponds to (knn's "similarity" parameter).</summary>
    public float ScoreOfSimilarity(float similarity) => (_similarity, _options.ElementType) switch
    {
        ("l2_norm", VectorElementType.Bit) => (_options.Dims - similarity) / _options.Dims,
        ("l2_norm", _) => 1f / (1f + similarity * similarity),
        ("cosine", _) => (1f + similarity) / 2f,
        ("dot_product", VectorElementType.Float) => (1f + similarity) / 2f,
        ("dot_product", _) => 0.5f + similarity / (_options.Dims * (float)(1 << 15)),
        _ => ScaleMaxInnerProduct(similarity),
    };

    /// <summary>The score of one document, or NaN when it has no vector.</summary>
    public float Score(int doc)
    {
        if (_byteQuery == null)
        {
            var memory = _column.Float(doc);
            if (memory.IsEmpty)
                return float.NaN;
            var v = memory.Span;
            return _similarity switch
            {
                "l2_norm" => 1f / (1f + VectorMath.SquaredDistance(_query, v)),
                "dot_product" => Math.Max((1f + VectorMath.Dot(_query, v)) / 2f, 0f),
                "max_inner_product" => ScaleMaxInnerProduct(VectorMath.Dot(_query, v)),
                _ => CosineScore(VectorMath.Dot(_query, v), _column.FloatNorms[doc]),
            };
        }
        var b = _column.Byte(doc);
        if (b == null)
            return float.NaN;
        if (_options.ElementType == VectorElementType.Bit)
        {
            var bits = b.Length * 8f;
            return (bits - VectorMath.Hamming(_byteQuery, b)) / bits;
        }
        return _similarity switch
        {
            "l2_norm" => 1f / (1f + VectorMath.SquaredDistance(_byteQuery, b)),
            "dot_product" => 0.5f + VectorMath.Dot(_byteQuery, b) / (float)(b.Length * (1 << 15)),
            "max_inner_product" => ScaleMaxInnerProduct(VectorMath.Dot(_byteQuery, b)),
            _ => CosineScore(VectorMath.Dot(_byteQuery, b), _column.ByteNorms[doc]),
        };
    }

    private float CosineScore(float dot, float docNorm)
    {
        if (docNorm == 0)
            return 0.5f;
        return Math.Max((1f + dot / (_queryNorm * docNorm)) / 2f, 0f);
    }

    private static float ScaleMaxInnerProduct(float dot) => dot < 0 ? 1f / (1f - dot) : dot + 1f;

    /// <summary>Below this many documents a plain scan is cheaper than building and using the int8 pruning copy.</summary>
    public static int PrunedScanMinimumDocs { get; set; } = 65_536;

    /// <summary>The k best documents accepted by <paramref name="accept"/> (null accepts all), scanning in parallel when large.</summary>
    public TopK Search(int count, int k, Func<int, bool>? accept)
    {
        if (_byteQuery == null && count >= PrunedScanMinimumDocs && count > k && _options.Dims > 0)
            return PrunedSearch(count, k, accept);
        return ExhaustiveSearch(count, k, accept);
    }

    /// <summary>The k best of the given documents, each scored exactly (what a scan accepting only them finds).</summary>
    public TopK SearchAmong(IReadOnlyList<int> docs, int k)
    {
        TopK Among(int start, int end)
        {
            var top = new TopK(k);
            for (var i = start; i < end; i++)
            {
                var score = Score(docs[i]);
                if (!float.IsNaN(score))
                    top.Offer(docs[i], score);
            }
            return top;
        }
        if (docs.Count < ParallelThreshold)
            return Among(0, docs.Count);
        var chunks = (docs.Count + ChunkSize - 1) / ChunkSize;
        var partial = new TopK[chunks];
        Parallel.For(0, chunks, c => partial[c] = Among(c * ChunkSize, Math.Min(docs.Count, (c + 1) * ChunkSize)));
        var merged = new TopK(k);
        foreach (var p in partial)
            merged.Merge(p);
        return merged;
    }

    /// <summary>Scores every document exactly (the reference the pruned search must equal).</summary>
    public TopK ExhaustiveSearch(int count, int k, Func<int, bool>? accept)
    {
        if (count < ParallelThreshold)
            return Scan(0, count, k, accept);
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var partial = new TopK[chunks];
        Parallel.For(0, chunks, c => partial[c] = Scan(c * ChunkSize, Math.Min(count, (c + 1) * ChunkSize), k, accept));
        var merged = new TopK(k);
        foreach (var p in partial)
            merged.Merge(p);
        return merged;
    }

    /// <summary>
    /// Exact top k in two passes: the int8 copy gives every document a key interval that surely holds its
    /// true ranking key (a quantity monotone in its score); the k-th best lower end bounds the answer from
    /// below, so only documents whose upper end reaches it are scored exactly from their floats.
    /// </summary>
    public TopK PrunedSearch(int count, int k, Func<int, bool>? accept)
    {
        var quantized = _column.Quantized(_options.Dims);
        var norms = _column.FloatNorms;
        // Rented: two arrays of one float per document on every query would land on the large object heap.
        var keys = ArrayPool<float>.Shared.Rent(count);
        var slack = ArrayPool<float>.Shared.Rent(count);
        try
        {
            return PrunedSearch(count, k, accept, quantized, norms, keys, slack);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(keys);
            ArrayPool<float>.Shared.Return(slack);
        }
    }

    private TopK PrunedSearch(int count, int k, Func<int, bool>? accept, QuantizedColumn quantized, float[] norms, float[] keys, float[] slack)
    {
        // q·v = q̂·v̂ + q̂·r_v + r_q·v, with q̂, v̂ the dequantized vectors: the integer code dot gives the
        // first term, Cauchy-Schwarz bounds the other two by ‖q̂‖‖r_v‖ + ‖r_q‖‖v‖.
        var (queryCodes, queryScale, queryResidual) = QuantizedColumn.Quantize(_query);
        var dequantizedQueryNorm = queryScale * MathF.Sqrt(queryCodes.Sum(c => (float)c * c));
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var lowerTops = new TopK[chunks];
        Parallel.For(0, chunks, c =>
        {
            var top = new TopK(k);
            var end = Math.Min(count, (c + 1) * ChunkSize);
            for (var i = c * ChunkSize; i < end; i++)
            {
                var scale = quantized.Scales[i];
                if (float.IsNaN(scale) || (accept != null && !accept(i)))
                {
                    keys[i] = float.NegativeInfinity;
                    continue;
                }
                var dot = queryScale * scale * quantized.CodeDot(queryCodes, i);
                // The residual bound, widened for the float rounding of the exact and approximate products.
                var error = dequantizedQueryNorm * quantized.ResidualNorms[i] + queryResidual * norms[i] + 1e-4f * _queryNorm * norms[i] + 1e-6f;
                float key, keySlack;
                switch (_similarity)
                {
                    case "cosine":
                        var norm = norms[i];
                        key = norm == 0 ? 0 : dot / norm;
                        keySlack = norm == 0 ? 0 : error / norm;
                        break;
                    case "l2_norm":
                        key = 2 * dot - norms[i] * norms[i];
                        keySlack = 2 * error + 1e-4f * norms[i] * norms[i];
                        break;
                    default:
                        key = dot;
                        keySlack = error;
                        break;
                }
                keys[i] = key;
                slack[i] = keySlack;
                top.Offer(i, key - keySlack);
            }
            lowerTops[c] = top;
        });
        var lower = new TopK(k);
        foreach (var top in lowerTops)
            lower.Merge(top);
        var bound = lower.Count < k ? float.NegativeInfinity : lower.Threshold;
        var exact = new TopK(k);
        for (var i = 0; i < count; i++)
        {
            if (keys[i] + slack[i] < bound || float.IsNegativeInfinity(keys[i]))
                continue;
            var score = Score(i);
            if (!float.IsNaN(score))
                exact.Offer(i, score);
        }
        return exact;
    }

    private TopK Scan(int start, int end, int k, Func<int, bool>? accept)
    {
        var top = new TopK(k);
        if (_byteQuery == null && accept == null && _similarity is "dot_product" or "cosine")
        {
            // The hot path: compare raw dot products (monotone in the score) and map to scores once at the end.
            var norms = _similarity == "cosine" ? _column.FloatNorms : null;
            var raw = new TopK(k);
            for (var i = start; i < end; i++)
            {
                var v = _column.Float(i);
                if (v.IsEmpty)
                    continue;
                var dot = VectorMath.Dot(_query, v.Span);
                if (norms != null)
                    dot = norms[i] == 0 ? 0 : dot / norms[i];
                if (dot > raw.Threshold || raw.Count < k)
                    raw.Offer(i, dot);
            }
            foreach (var (doc, _) in raw.ToSortedList())
                top.Offer(doc, Score(doc));
            return top;
        }
        for (var i = start; i < end; i++)
        {
            if (accept != null && !accept(i))
                continue;
            var score = Score(i);
            if (!float.IsNaN(score))
                top.Offer(i, score);
        }
        return top;
    }
}
