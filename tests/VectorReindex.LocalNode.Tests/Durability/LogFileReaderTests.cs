using System.Buffers;
using Xunit;
using VectorReindex.LocalNode.Durability;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tests.Durability;

/// <summary>The streamed record reader: records larger than its window, exact offsets, damage and what follows it.</summary>
public sealed class LogFileReaderTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Next_WithRecordsLargerThanTheWindow_ReadsEveryRecordWhole()
    {
        var sizes = new[] { 10, 3 << 20, 7, (1 << 20) + 1, 5 << 20, 1 };
        WriteDocuments(sizes);

        var read = new List<int>();
        using (var reader = new LogFileReader(_file))
        {
            while (reader.Next(out var payload) == LogReadOutcome.Record)
            {
                var source = LogRecord.ReadDocument(payload).Document.StoredSource;
                Assert.True(source.Span.IndexOfAnyExcept((byte)'x') < 0);
                read.Add(source.Length);
            }
            Assert.Equal(reader.Length, reader.Position);
        }

        Assert.Equal(sizes, read);
    }

    [Fact]
    public void CountIntactRecordsAfterDamage_AfterACorruptRecord_CountsTheRest()
    {
        var offsets = WriteDocuments(Enumerable.Repeat(100, 50).ToArray());
        using (var stream = new FileStream(_file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = offsets[20] + LogRecord.HeaderLength + 40;
            stream.WriteByte(0);
        }

        using var reader = new LogFileReader(_file);
        var records = 0;
        LogReadOutcome outcome;
        while ((outcome = reader.Next(out _)) == LogReadOutcome.Record)
            records++;

        Assert.Equal(LogReadOutcome.Damaged, outcome);
        Assert.Equal(20, records);
        Assert.Equal(offsets[20], reader.Position);
        Assert.False(reader.DamageLooksTorn);
        Assert.Equal((29L, false), reader.CountIntactRecordsAfterDamage());
    }

    [Fact]
    public void Next_AtZerosAfterTheLastRecord_IsTornDamageWithOnlyZerosFollowing()
    {
        WriteDocuments(new[] { 10, 20 });
        using (var stream = new FileStream(_file, FileMode.Append))
            stream.Write(new byte[4096]);

        using var reader = new LogFileReader(_file);
        while (reader.Next(out _) == LogReadOutcome.Record)
        {
        }

        Assert.Equal("a record declares length 0", reader.Damage);
        Assert.Equal((0L, true), reader.CountIntactRecordsAfterDamage());
    }

    /// <summary>Writes one document record per size (a source of that many 'x'); returns their offsets.</summary>
    private List<long> WriteDocuments(int[] sizes)
    {
        var offsets = new List<long>();
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < sizes.Length; i++)
        {
            offsets.Add(buffer.WrittenCount);
            var source = new byte[sizes[i]];
            Array.Fill(source, (byte)'x');
            LogRecord.WriteDocument(buffer, "i", "uuid", 0, new StoredDocument(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, i, 1, source, null, null, 0));
        }
        File.WriteAllBytes(_file, buffer.WrittenSpan.ToArray());
        return offsets;
    }
}
