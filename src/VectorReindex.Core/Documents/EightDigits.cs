using System.Runtime.CompilerServices;

namespace VectorReindex.Core.Documents
{
    /// <summary>
    /// Eight bytes of text read as one little-endian ulong (the first byte lowest): how many ASCII digits
    /// it starts with and their value, without a branch per digit. The byte loop's exit depends on the
    /// number's length, which in a vector varies from element to element, so it mispredicted about once
    /// per digit run; these do the same work in a few ALU operations and three multiplies.
    /// </summary>
    internal static class EightDigits
    {
        private const ulong Zeros = 0x3030303030303030UL;

        /// <summary>The count (0 to 8) of ASCII digits the chunk starts with.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int LeadingCount(ulong chunk)
        {
            // A byte is a digit when its xor with '0' is 0-9: the high nibble of x | (x + 6) is then 0. A
            // carry out of a non-digit byte only reaches the bytes after it, which are not counted.
            var x = chunk ^ Zeros;
            var nonDigits = (x | (x + 0x0606060606060606UL)) & 0xF0F0F0F0F0F0F0F0UL;
            // The bits below the first non-digit's lowest set bit (all bits when there is none): bit 7 of
            // each digit byte before it is among them, and no other byte's bit 7 is. Summed by one multiply.
            var below = (nonDigits & (0 - nonDigits)) - 1;
            return (int)((((below >> 7) & 0x0101010101010101UL) * 0x0101010101010101UL) >> 56);
        }

        /// <summary>The value of the first <paramref name="count"/> (0 to 8) digits of the chunk.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Value(ulong chunk, int count)
        {
            // The digits moved to the high bytes (two shifts: a shift by 64 is a shift by 0 in C#), zeros
            // below them, then pairs, quads and the eight combined most significant first.
            var shift = 32 - 4 * count;
            var x = ((chunk ^ Zeros) << shift) << shift;
            x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFUL;
            x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFUL;
            return (x * 10000 + (x >> 32)) & 0xFFFFFFFFUL;
        }
    }
}
