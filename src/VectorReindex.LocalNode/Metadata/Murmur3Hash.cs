namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// Elasticsearch's routing hash (Murmur3HashFunction.hash(String)): MurmurHash3 x86 32-bit, seed 0,
/// over the string's UTF-16 code units, each as two bytes low byte first — not over UTF-8 — so a
/// document lands on the shard it would on a real cluster.
/// </summary>
internal static class Murmur3Hash
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    public static int Hash(string routing)
    {
        var length = routing.Length * 2;
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        for (var i = 0; i < routing.Length; i++)
        {
            var c = routing[i];
            bytes[2 * i] = (byte)c;
            bytes[2 * i + 1] = (byte)(c >> 8);
        }
        return X86_32(bytes, 0);
    }

    /// <summary>MurmurHash3_x86_32 as Lucene's StringHelper.murmurhash3_x86_32 computes it.</summary>
    public static int X86_32(ReadOnlySpan<byte> data, uint seed)
    {
        var h1 = seed;
        var roundedEnd = data.Length & ~3;
        for (var i = 0; i < roundedEnd; i += 4)
        {
            var k1 = (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            h1 ^= Mix(k1);
            h1 = RotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }
        uint tail = 0;
        switch (data.Length & 3)
        {
            case 3:
                tail = (uint)data[roundedEnd + 2] << 16;
                goto case 2;
            case 2:
                tail |= (uint)data[roundedEnd + 1] << 8;
                goto case 1;
            case 1:
                tail |= data[roundedEnd];
                h1 ^= Mix(tail);
                break;
        }
        h1 ^= (uint)data.Length;
        h1 ^= h1 >> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >> 16;
        return (int)h1;
    }

    private static uint Mix(uint k1)
    {
        k1 *= C1;
        k1 = RotateLeft(k1, 15);
        return k1 * C2;
    }

    private static uint RotateLeft(uint value, int bits) => (value << bits) | (value >> (32 - bits));
}
