using System.Buffers;
using System.Text;
using System.Text.Json;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using Xunit;

namespace VectorReindex.Core.Tests.Elasticsearch;

public class BulkOperationTests
{
    private const string Source = "{\"t\":\"x\",\"embedding\":[0.5,0.25]}";

    [Fact]
    public void VersionedCopy_WithAVectorPlace_WritesTheSourceWithThatVectorAsBase64()
    {
        var bytes = Encoding.UTF8.GetBytes(Source);
        var start = Source.IndexOf('[');
        var op = BulkOperation.VersionedCopy("target", "d", 7, bytes, start, Source.IndexOf(']') + 1, "r");
        Assert.True(op.HasBody);
        Assert.Equal((7L, "external_gte", "r"), (op.Version!.Value, op.VersionType, op.Routing));
        Assert.Equal("{\"t\":\"x\",\"embedding\":\"" + Base64Vector.Encode(new[] { 0.5f, 0.25f }) + "\"}", Written(op));
    }

    [Fact]
    public void VersionedCopy_WithoutAVectorPlace_WritesTheSourceBytesAsTheyAre() =>
        Assert.Equal(Source, Written(BulkOperation.VersionedCopy("target", "d", 7, Encoding.UTF8.GetBytes(Source), -1, -1)));

    [Fact]
    public void Delete_HasNoBodyLine()
    {
        var op = BulkOperation.VersionedDelete("target", "d", 7);
        Assert.False(op.HasBody);
        Assert.Equal("", Written(op));
    }

    private static string Written(BulkOperation op)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) op.WriteBody(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
