using System.Buffers;
using System.Text;
using System.Text.Json;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Http;

/// <summary>What a handler answers: a status, a content type and the body bytes.</summary>
internal sealed class RestResponse
{
    private IDisposable? _bodyOwner;

    public RestResponse(int status, ReadOnlyMemory<byte> body, string contentType = "application/json", IDisposable? bodyOwner = null)
    {
        Status = status;
        Body = body;
        ContentType = contentType;
        _bodyOwner = bodyOwner;
    }

    public int Status { get; }
    public ReadOnlyMemory<byte> Body { get; }
    public string ContentType { get; }
    public bool IsJson => ContentType.StartsWith("application/json", StringComparison.Ordinal);
    public Dictionary<string, string>? Headers { get; set; }

    public static RestResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new PooledBufferWriter(4096);
        try
        {
            using (var writer = JsonOutput.CreateWriter(buffer))
                write(writer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return new RestResponse(status, buffer.WrittenMemory, bodyOwner: buffer);
    }

    /// <summary>Gives the body's pooled buffer back once the body is written out; the body is not read after this.</summary>
    public void Release()
    {
        _bodyOwner?.Dispose();
        _bodyOwner = null;
    }

    public static RestResponse Ok(Action<Utf8JsonWriter> write) => Json(200, write);

    public static RestResponse Ok(System.Text.Json.Nodes.JsonNode body) => Json(200, w => body.WriteTo(w));

    public static RestResponse Json(int status, System.Text.Json.Nodes.JsonNode body) => Json(status, w => body.WriteTo(w));

    public static RestResponse Acknowledged() => Ok(w => { w.WriteStartObject(); w.WriteBoolean("acknowledged", true); w.WriteEndObject(); });

    public static RestResponse Raw(int status, string json) => new(status, Encoding.UTF8.GetBytes(json));

    public static RestResponse Text(int status, string text) => new(status, Encoding.UTF8.GetBytes(text), "text/plain; charset=UTF-8");

    public static RestResponse Empty(int status) => new(status, ReadOnlyMemory<byte>.Empty);

    public static RestResponse Error(ElasticsearchException error) => Json(error.Status, error.WriteResponse);
}
