using System.Text.Json;
using VectorReindex.LocalNode.Foundation;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Foundation;

public class PooledBufferWriterTests
{
    [Fact]
    public void GrowingPastItsFirstArray_KeepsEveryByteInOrder()
    {
        var expected = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(expected);
        using var buffer = new PooledBufferWriter(16);
        for (var offset = 0; offset < expected.Length;)
        {
            var chunk = Math.Min(1 + offset % 5000, expected.Length - offset);
            expected.AsSpan(offset, chunk).CopyTo(buffer.GetSpan(chunk));
            buffer.Advance(chunk);
            offset += chunk;
        }
        Assert.True(buffer.WrittenMemory.Span.SequenceEqual(expected));
    }

    [Fact]
    public void AsAJsonWritersTarget_HoldsWhatTheWriterWrote()
    {
        using var buffer = new PooledBufferWriter(4);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < 100_000; i++)
                writer.WriteNumberValue(i);
            writer.WriteEndArray();
        }
        var values = JsonSerializer.Deserialize<int[]>(buffer.WrittenMemory.Span)!;
        Assert.Equal(Enumerable.Range(0, 100_000), values);
    }

    [Fact]
    public void WithACap_GrowsToTheCapAndNoFurther()
    {
        using var buffer = new PooledBufferWriter(16, maxCapacity: 1000);
        var written = 0;
        while (written < 1000)
        {
            var span = buffer.GetSpan();
            var chunk = Math.Min(span.Length, 1000 - written);
            span[..chunk].Fill(7);
            buffer.Advance(chunk);
            written += chunk;
        }
        Assert.Equal(1000, buffer.WrittenCount);
        Assert.Throws<InvalidOperationException>(() => buffer.GetSpan());
        Assert.True(buffer.WrittenMemory.Span.IndexOfAnyExcept((byte)7) < 0);
    }
}
