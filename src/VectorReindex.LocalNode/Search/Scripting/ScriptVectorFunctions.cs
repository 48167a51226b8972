using System.Numerics;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search.Scripting;

/// <summary>
/// Painless's vector functions for score scripts (cosineSimilarity, dotProduct, l1norm, l2norm,
/// hamming), computed in float as Elasticsearch computes them, over the document's vector of a field.
/// </summary>
internal static class ScriptVectorFunctions
{
    public static bool IsVectorFunction(string name) => name is "cosineSimilarity" or "dotProduct" or "l1norm" or "l2norm" or "hamming";

    public static ScriptValue Evaluate(string function, float[] query, float queryNorm, ScriptDocument document, string field)
    {
        var (floats, bytes, options) = document.Vector(field);
        var dims = bytes?.Length ?? floats.Length;
        if (options.ElementType == VectorElementType.Bit)
            dims *= 8;
        if (query.Length != (options.ElementType == VectorElementType.Bit ? dims / 8 : dims))
            throw ScriptErrors.Runtime($"The query vector has a different number of dimensions [{query.Length}] than the document vectors [{dims}].");
        if (function == "hamming")
        {
            if (bytes == null)
                throw ScriptErrors.Runtime("hamming distance is only supported for byte or bit vectors");
            var distance = 0;
            for (var i = 0; i < bytes.Length; i++)
                distance += BitOperations.PopCount((uint)(byte)((sbyte)query[i] ^ bytes[i]));
            return ScriptValue.Long(distance);
        }
        var d = bytes == null ? floats.Span : ToFloats(bytes);
        var q = query.AsSpan();
        switch (function)
        {
            case "dotProduct":
                return ScriptValue.Double(VectorMath.Dot(q, d));
            case "cosineSimilarity":
                return ScriptValue.Double(VectorMath.Dot(q, d) / (queryNorm * VectorMath.Norm(d)));
            case "l1norm":
            {
                var sum = 0f;
                for (var i = 0; i < q.Length; i++)
                    sum += MathF.Abs(q[i] - d[i]);
                return ScriptValue.Double(sum);
            }
            default:
                return ScriptValue.Double(MathF.Sqrt(VectorMath.SquaredDistance(q, d)));
        }
    }

    private static float[] ToFloats(sbyte[] bytes)
    {
        var floats = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            floats[i] = bytes[i];
        return floats;
    }
}
