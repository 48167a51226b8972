using Xunit;
using VectorReindex.LocalNode.Durability;

namespace VectorReindex.LocalNode.Tests.Durability;

/// <summary>Damage in the data directory is found and reported, and dropped only when the operator says --recover.</summary>
public sealed class DamagedDataTests : IDisposable
{
    private const int Documents = 300;
    private readonly string _data = Directory.CreateTempSubdirectory("localnode-damage-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private string FirstTranslog => Path.Combine(_data, DataDirectoryListing.TranslogName(1));

    [Fact]
    public async Task Start_WithFlippedByteMidLog_StopsNamingFileOffsetAndIntactRecordsThatFollow()
    {
        await WriteDocumentsAsync();
        var records = ReadRecords(FirstTranslog);
        var damaged = records.Count / 2;
        FlipByteInPayload(FirstTranslog, records[damaged].Offset);
        var before = File.ReadAllBytes(FirstTranslog);

        var error = await Assert.ThrowsAsync<LocalNodeStartupException>(() => TestNode.StartAsync(_data));

        Assert.Contains(FirstTranslog, error.Message);
        Assert.Contains($"damaged at offset {records[damaged].Offset} of {before.Length}", error.Message);
        Assert.Contains("checksum", error.Message);
        Assert.Contains($"{records.Count - damaged - 1} intact record(s) follow it", error.Message);
        Assert.Contains("--recover", error.Message);
        Assert.Equal(before, File.ReadAllBytes(FirstTranslog));
        Assert.False(File.Exists(Path.Combine(_data, DataDirectoryListing.TranslogName(2))));
    }

    [Fact]
    public async Task Start_WithFlippedLengthByteMidLog_IsDamageNotATornEnd()
    {
        await WriteDocumentsAsync();
        var records = ReadRecords(FirstTranslog);
        var damaged = records.Count / 3;
        // The length's highest byte: the record now claims to run far past the end of the file, as a
        // torn last write would, but intact records follow it, so it is damage, not a torn end.
        using (var stream = new FileStream(FirstTranslog, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = records[damaged].Offset + 3;
            stream.WriteByte(0x40);
        }

        var error = await Assert.ThrowsAsync<LocalNodeStartupException>(() => TestNode.StartAsync(_data));

        Assert.Contains($"damaged at offset {records[damaged].Offset}", error.Message);
        Assert.Contains("runs past the end of the file", error.Message);
        Assert.Contains($"{records.Count - damaged - 1} intact record(s) follow it", error.Message);
    }

    [Fact]
    public async Task Start_WithFlippedByteMidLogAndRecover_TruncatesThereKeepsCopyAndReportsDrop()
    {
        await WriteDocumentsAsync();
        var records = ReadRecords(FirstTranslog);
        var damaged = records.Count / 2;
        FlipByteInPayload(FirstTranslog, records[damaged].Offset);
        var damagedBytes = File.ReadAllBytes(FirstTranslog);
        var documentsBefore = records.Take(damaged).Count(r => r.Kind == LogRecord.Document);

        long recovered;
        await using (var node = await TestNode.StartAsync(new LocalNodeOptions { Port = 0, DataPath = _data, Recover = true }))
        {
            var notice = Assert.Single(node.Server.StartupNotices);
            Assert.Contains($"damaged at offset {records[damaged].Offset}", notice);
            Assert.Contains($"the damaged record and {records.Count - damaged - 1} intact record(s) after it", notice);
            var copy = Assert.Single(Directory.GetFiles(_data, "translog-0000000001.log.damaged-*"));
            Assert.Equal(damagedBytes, File.ReadAllBytes(copy));
            Assert.Equal(records[damaged].Offset, new FileInfo(FirstTranslog).Length);
            recovered = await CountAsync(node);
        }

        await using var again = await TestNode.StartAsync(_data);
        Assert.Equal(documentsBefore, recovered);
        Assert.Equal(documentsBefore, await CountAsync(again));
        Assert.Empty(again.Server.StartupNotices);
    }

    [Fact]
    public async Task Start_WithEmptiedCheckpoint_StopsAndRecoverStartsFromNewestSnapshotWithoutLoss()
    {
        await using (var node = await TestNode.StartAsync(_data))
        {
            await BulkAsync(node, 0, 100);
            node.Server.Snapshot();
            await BulkAsync(node, 100, 50);
        }
        var checkpoint = Path.Combine(_data, DataDirectoryListing.CheckpointFile);
        File.WriteAllBytes(checkpoint, Array.Empty<byte>());

        var error = await Assert.ThrowsAsync<LocalNodeStartupException>(() => TestNode.StartAsync(_data));
        Assert.Contains($"checkpoint file {checkpoint} is empty", error.Message);
        Assert.Equal(0, new FileInfo(checkpoint).Length);

        await using (var node = await TestNode.StartAsync(new LocalNodeOptions { Port = 0, DataPath = _data, Recover = true }))
        {
            Assert.Contains(node.Server.StartupNotices, n => n.Contains("is empty") && n.Contains("newest complete snapshot"));
            Assert.Equal(150, await CountAsync(node));
        }
        await using var again = await TestNode.StartAsync(_data);
        Assert.Equal(150, await CountAsync(again));
        Assert.Empty(again.Server.StartupNotices);
    }

    [Fact]
    public async Task Start_WithCheckpointNamingMissingSnapshot_Stops()
    {
        await using (var node = await TestNode.StartAsync(_data))
        {
            await BulkAsync(node, 0, 10);
            node.Server.Snapshot();
        }
        foreach (var snapshot in Directory.GetFiles(_data, "snapshot-*.bin"))
            File.Delete(snapshot);

        var error = await Assert.ThrowsAsync<LocalNodeStartupException>(() => TestNode.StartAsync(_data));

        Assert.Contains("which is not in the data directory", error.Message);
    }

    [Fact]
    public async Task Start_WithStrayAndTemporaryFiles_ReportsStrayIgnoresItAndRemovesTemporary()
    {
        await using (var node = await TestNode.StartAsync(_data))
            await BulkAsync(node, 0, 20);
        var stray = Path.Combine(_data, "translog-abc.log");
        var unfinished = Path.Combine(_data, DataDirectoryListing.SnapshotName(7) + ".tmp");
        File.WriteAllText(stray, "not a log");
        File.WriteAllText(unfinished, "half a snapshot");

        await using var restarted = await TestNode.StartAsync(_data);

        Assert.Equal(20, await CountAsync(restarted));
        Assert.Contains(restarted.Server.StartupNotices, n => n.StartsWith($"ignoring {stray}", StringComparison.Ordinal));
        Assert.Contains(restarted.Server.StartupNotices, n => n.StartsWith($"removed {unfinished}", StringComparison.Ordinal));
        Assert.True(File.Exists(stray));
        Assert.False(File.Exists(unfinished));
    }

    [Fact]
    public async Task Start_WithTornEndOfNewestLog_DropsOnlyThatRecordAndSaysSo()
    {
        await WriteDocumentsAsync();
        var whole = new FileInfo(FirstTranslog).Length;
        using (var file = new FileStream(FirstTranslog, FileMode.Append))
            file.Write(new byte[] { 200, 0, 0, 0, 1, 2, 3, 4, (byte)'{', (byte)'"' });

        await using (var restarted = await TestNode.StartAsync(_data))
        {
            Assert.Equal(Documents, await CountAsync(restarted));
            var notice = Assert.Single(restarted.Server.StartupNotices);
            Assert.Contains($"dropped the last 10 bytes of {FirstTranslog} from offset {whole}", notice);
        }
        Assert.Equal(whole, new FileInfo(FirstTranslog).Length);
    }

    [Fact]
    public async Task Start_WithUnreadableTranslog_StopsNamingTheFile()
    {
        await WriteDocumentsAsync();
        // A directory where the next generation's file should be: the name fits, opening it fails.
        var unreadable = Path.Combine(_data, DataDirectoryListing.TranslogName(2));
        Directory.CreateDirectory(unreadable);

        var error = await Assert.ThrowsAsync<LocalNodeStartupException>(() => TestNode.StartAsync(_data));

        Assert.StartsWith($"cannot read {unreadable}", error.Message);
    }

    private async Task WriteDocumentsAsync()
    {
        await using var node = await TestNode.StartAsync(_data);
        await BulkAsync(node, 0, Documents);
    }

    private static async Task BulkAsync(TestNode node, int first, int count)
    {
        var lines = new List<string>();
        for (var i = first; i < first + count; i++)
        {
            lines.Add($"{{\"index\":{{\"_index\":\"d\",\"_id\":\"{i}\"}}}}");
            lines.Add($"{{\"n\":{i},\"text\":\"document number {i}\"}}");
        }
        var (status, body) = await node.BulkAsync("/_bulk", lines.ToArray());
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.False((bool)body!["errors"]!);
    }

    private static async Task<long> CountAsync(TestNode node)
    {
        var (_, body) = await node.GetAsync("/d/_count");
        return (long)body!["count"]!;
    }

    private static List<(long Offset, byte Kind)> ReadRecords(string file)
    {
        var records = new List<(long, byte)>();
        using var reader = new LogFileReader(file);
        var offset = reader.Position;
        while (reader.Next(out var payload) == LogReadOutcome.Record)
        {
            records.Add((offset, payload[0]));
            offset = reader.Position;
        }
        Assert.Equal(reader.Length, reader.Position);
        return records;
    }

    private static void FlipByteInPayload(string file, long recordOffset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = recordOffset + LogRecord.HeaderLength + 3;
        var b = stream.ReadByte();
        stream.Position--;
        stream.WriteByte((byte)(b ^ 0x10));
    }
}
