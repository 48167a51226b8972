using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using VectorReindex.Core.Documents;

namespace VectorReindex.Bench;

/// <summary>
/// The part of the module's CPU per document that turns a copied _source's JSON floats into base64
/// (Base64Vector.WriteSource, what the copy does per document on a 9.3+ target), timed alone on
/// sources read from the node: the rest of the module's CPU is HTTP, the page scan and the bulk body.
/// </summary>
internal static class TransformSplit
{
    public static async Task<double> Base64UsPerDocAsync(Uri node, string index, bool askForVectors)
    {
        using var http = new HttpClient { BaseAddress = node };
        var query = askForVectors ? "?size=1000&_source_exclude_vectors=false" : "?size=1000";
        using var page = JsonDocument.Parse(await http.GetStringAsync($"/{index}/_search{query}"));
        var sources = page.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray()
            .Select(hit => Encoding.UTF8.GetBytes(hit.GetProperty("_source").GetRawText())).ToList();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        void RewriteAll()
        {
            foreach (var source in sources)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                Base64Vector.WriteSource(writer, source, "embedding");
                writer.Flush();
            }
        }
        RewriteAll(); // warm-up
        const int rounds = 20;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime; // CPU time: a wall clock would count the other processes on a shared machine
        for (var round = 0; round < rounds; round++) RewriteAll();
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / (rounds * sources.Count);
    }
}
