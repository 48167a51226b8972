using System.Buffers;
using System.Text.Json;

namespace VectorReindex.LocalNode.Foundation;

/// <summary>How the node writes JSON: escaping only what JSON requires (as Elasticsearch does), unvalidated.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> buffer) => new(buffer, WriterOptions);
}
