using System;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Checks a vector before it is written: JSON has no NaN or infinity, and Elasticsearch refuses
    /// them, so a non-finite value must stop at the door with a stable id rather than as a
    /// serializer's ArgumentException halfway through a bulk body.
    /// </summary>
    public static class VectorValues
    {
        /// <summary>The position of the first NaN or infinite value, or -1 when every value is finite.</summary>
        public static int FirstNonFinite(ReadOnlySpan<float> vector)
        {
            for (var i = 0; i < vector.Length; i++)
                if (float.IsNaN(vector[i]) || float.IsInfinity(vector[i])) return i;
            return -1;
        }

        public static bool AllFinite(ReadOnlySpan<float> vector) => FirstNonFinite(vector) < 0;
    }
}
