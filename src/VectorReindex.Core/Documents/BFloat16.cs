using System;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// bfloat16 (dense_vector element_type bfloat16, 9.3+): the upper 16 bits of a float32, rounded to
    /// the nearest with ties to even, as Elasticsearch stores it. A float vector copied into such a
    /// field reads back rounded, so comparisons round the float side the same way.
    /// </summary>
    public static class BFloat16
    {
        /// <summary>The float a bfloat16 field stores for <paramref name="value"/>.</summary>
        public static float Round(float value)
        {
            var bits = BitConverter.ToInt32(BitConverter.GetBytes(value), 0);
            bits += 0x7FFF + ((bits >> 16) & 1);
            return BitConverter.ToSingle(BitConverter.GetBytes(bits & unchecked((int)0xFFFF0000)), 0);
        }
    }
}
