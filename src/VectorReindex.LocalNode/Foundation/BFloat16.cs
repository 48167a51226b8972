namespace VectorReindex.LocalNode.Foundation;

/// <summary>
/// bfloat16: the upper 16 bits of a float32. Elasticsearch rounds to the nearest, ties to even
/// (its BFloat16.floatToBFloat16), and widens back by appending zero bits.
/// </summary>
internal static class BFloat16
{
    public static ushort FromFloat(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        bits += 0x7FFF + ((bits >> 16) & 1);
        return (ushort)(bits >> 16);
    }

    public static float ToFloat(ushort value) => BitConverter.Int32BitsToSingle(value << 16);

    /// <summary>The float a bfloat16 field stores for <paramref name="value"/>.</summary>
    public static float Round(float value) => ToFloat(FromFloat(value));
}
