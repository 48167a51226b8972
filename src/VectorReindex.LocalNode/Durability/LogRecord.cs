using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Durability;

/// <summary>
/// The records of the write-ahead log and of snapshots. Framing: [int32 length][uint32 crc32][payload];
/// payload starts with a kind byte. A document record carries the index uuid so replay never applies a
/// write to a later index of the same name, and the shard it was written to (flag bit 4; records
/// written before shards existed lack it and are placed by the routing function on replay).
/// </summary>
internal static class LogRecord
{
    public const byte Metadata = 1;
    public const byte Document = 2;
    public const byte SnapshotEnd = 3;

    public const int HeaderLength = 8;

    public static void WriteMetadata(IBufferWriter<byte> output, ReadOnlySpan<byte> json)
    {
        var payloadLength = 1 + json.Length;
        var span = output.GetSpan(HeaderLength + payloadLength);
        span[HeaderLength] = Metadata;
        json.CopyTo(span[(HeaderLength + 1)..]);
        Frame(span, payloadLength);
        output.Advance(HeaderLength + payloadLength);
    }

    public static void WriteEnd(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(HeaderLength + 1);
        span[HeaderLength] = SnapshotEnd;
        Frame(span, 1);
        output.Advance(HeaderLength + 1);
    }

    private const byte DeletedFlag = 1;
    private const byte RoutingFlag = 2;
    private const byte ShardFlag = 4;
    // The source was stored without its float vectors (an index that excludes source vectors): they follow
    // it as (path, count, little-endian floats), so recovery restores them bit for bit.
    private const byte VectorsFlag = 8;

    public static void WriteDocument(IBufferWriter<byte> output, string index, string indexUuid, int shard, StoredDocument doc)
    {
        var sourceLength = doc.StoredSource.Length;
        var payloadLength = 1 + StringLength(index) + StringLength(indexUuid) + StringLength(doc.Id) + StringLength(doc.Routing ?? "")
            + 8 * 4 + 1 + 4 + 4 + sourceLength;
        if (doc.VectorsStripped)
        {
            payloadLength += 4;
            foreach (var (path, vector) in doc.Vectors!)
                if (vector.IsFloat)
                    payloadLength += StringLength(path) + 4 + 4 * vector.Length;
        }
        var span = output.GetSpan(HeaderLength + payloadLength);
        var p = span[HeaderLength..];
        p[0] = Document;
        var offset = 1;
        offset += WriteString(p[offset..], index);
        offset += WriteString(p[offset..], indexUuid);
        offset += WriteString(p[offset..], doc.Id);
        offset += WriteString(p[offset..], doc.Routing ?? "");
        BinaryPrimitives.WriteInt64LittleEndian(p[offset..], doc.Version); offset += 8;
        BinaryPrimitives.WriteInt64LittleEndian(p[offset..], doc.SeqNo); offset += 8;
        BinaryPrimitives.WriteInt64LittleEndian(p[offset..], doc.PrimaryTerm); offset += 8;
        BinaryPrimitives.WriteInt64LittleEndian(p[offset..], doc.DeletedAtMillis); offset += 8;
        p[offset++] = (byte)((doc.IsDeleted ? DeletedFlag : 0) | (doc.Routing != null ? RoutingFlag : 0) | ShardFlag | (doc.VectorsStripped ? VectorsFlag : 0));
        BinaryPrimitives.WriteInt32LittleEndian(p[offset..], shard); offset += 4;
        BinaryPrimitives.WriteInt32LittleEndian(p[offset..], sourceLength); offset += 4;
        doc.StoredSource.Span.CopyTo(p[offset..]);
        offset += sourceLength;
        if (doc.VectorsStripped)
            WriteVectors(p[offset..], doc.Vectors!);
        Frame(span, payloadLength);
        output.Advance(HeaderLength + payloadLength);
    }

    public static DocumentRecord ReadDocument(ReadOnlySpan<byte> payload)
    {
        var offset = 1;
        var index = ReadString(payload, ref offset);
        var uuid = ReadString(payload, ref offset);
        var id = ReadString(payload, ref offset);
        var routing = ReadString(payload, ref offset);
        var version = BinaryPrimitives.ReadInt64LittleEndian(payload[offset..]); offset += 8;
        var seqNo = BinaryPrimitives.ReadInt64LittleEndian(payload[offset..]); offset += 8;
        var term = BinaryPrimitives.ReadInt64LittleEndian(payload[offset..]); offset += 8;
        var deletedAt = BinaryPrimitives.ReadInt64LittleEndian(payload[offset..]); offset += 8;
        var flags = payload[offset++];
        var shard = DocumentRecord.UnknownShard;
        if ((flags & ShardFlag) != 0)
        {
            shard = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]);
            offset += 4;
        }
        var sourceLength = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]); offset += 4;
        var deleted = (flags & DeletedFlag) != 0;
        // Spelled out: "deleted ? null : memory" would turn null into an empty (live) source via byte[].
        ReadOnlyMemory<byte>? source = deleted ? (ReadOnlyMemory<byte>?)null : payload.Slice(offset, sourceLength).ToArray();
        offset += sourceLength;
        var stripped = (flags & VectorsFlag) != 0;
        var vectors = stripped ? ReadVectors(payload, ref offset) : null;
        var doc = new StoredDocument(id, version, seqNo, term, source, vectors, (flags & RoutingFlag) != 0 ? routing : null, deletedAt, stripped);
        return new DocumentRecord(index, uuid, shard, doc);
    }

    private static void Frame(Span<byte> span, int payloadLength)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.Compute(span.Slice(HeaderLength, payloadLength)));
    }

    private static void WriteVectors(Span<byte> p, IReadOnlyDictionary<string, StoredVector> vectors)
    {
        var count = 0;
        foreach (var vector in vectors.Values)
            if (vector.IsFloat)
                count++;
        BinaryPrimitives.WriteInt32LittleEndian(p, count);
        var offset = 4;
        foreach (var (path, vector) in vectors)
        {
            if (!vector.IsFloat)
                continue;
            offset += WriteString(p[offset..], path);
            BinaryPrimitives.WriteInt32LittleEndian(p[offset..], vector.Length); offset += 4;
            foreach (var value in vector.Floats.Span)
            {
                BinaryPrimitives.WriteSingleLittleEndian(p[offset..], value);
                offset += 4;
            }
        }
    }

    /// <summary>The logged float vectors, in arrays of their own (recovery moves them into the shard's arena).</summary>
    private static Dictionary<string, StoredVector> ReadVectors(ReadOnlySpan<byte> payload, ref int offset)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]); offset += 4;
        var vectors = new Dictionary<string, StoredVector>(count, StringComparer.Ordinal);
        for (var v = 0; v < count; v++)
        {
            var path = ReadString(payload, ref offset);
            var length = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]); offset += 4;
            var floats = new float[length];
            for (var i = 0; i < length; i++, offset += 4)
                floats[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[offset..]);
            vectors[path] = new StoredVector(floats);
        }
        return vectors;
    }

    private static int StringLength(string s) => 4 + Encoding.UTF8.GetByteCount(s);

    private static int WriteString(Span<byte> span, string s)
    {
        var written = Encoding.UTF8.GetBytes(s, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, written);
        return 4 + written;
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int offset)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(payload[offset..]);
        var s = Encoding.UTF8.GetString(payload.Slice(offset + 4, length));
        offset += 4 + length;
        return s;
    }
}

/// <summary>A logged document version and the shard it belongs to (<see cref="UnknownShard"/> in records from before shards).</summary>
internal readonly record struct DocumentRecord(string Index, string IndexUuid, int Shard, StoredDocument Document)
{
    public const int UnknownShard = -1;
}
