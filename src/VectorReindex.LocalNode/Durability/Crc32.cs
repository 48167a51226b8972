namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// CRC-32 (IEEE, as zlib), to tell a torn or corrupt log record from a whole one. The vectorized
/// System.IO.Hashing implementation computes the same value as the table-driven one the log format
/// was defined with, so existing data directories still read.
/// </summary>
internal static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
