using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using VectorReindex.Core.Documents;

namespace VectorReindex.Bench;

/// <summary>
/// The module's per-document work on the copy path without HTTP or a node: sources shaped as the bench
/// corpus writes them (Corpus.LoadAsync), turned into bulk operations (DocumentTransformer, base64 or JSON
/// vectors) and written as the bulk body writes them, timed in CPU time of this thread's process and
/// counted in bytes allocated per document. The base64 rewrite alone (Base64Vector.WriteSource) is a row too.
///   dotnet run -c Release --project bench/VectorReindex.Bench -- copypath [--docs 1000] [--dims 384] [--runs 3]
/// </summary>
internal static class CopyPathMicro
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 1000;
        var sources = Sources(docs, options.Dims);
        var pageDocuments = sources.Select((s, n) => new SourceDocument("doc-" + n.ToString(CultureInfo.InvariantCulture), 1, s)).ToList();
        Console.WriteLine($"copypath: {docs:N0} sources x {options.Dims} floats, {sources.Average(s => s.Length):F0} bytes each; {options.Runs} run(s), 5 rounds each; load {Load()}");
        var rows = new (string Name, Func<Task> Round)[]
        {
            ("DecimalFloat.TryParseArray", () => { ParseAll(sources); return Task.CompletedTask; }),
            ("Base64Vector.WriteSource", () => { RewriteAll(sources); return Task.CompletedTask; }),
            ("transform + body, base64", () => TransformAndWriteAsync(pageDocuments, options.Dims, base64: true)),
            ("transform + body, JSON", () => TransformAndWriteAsync(pageDocuments, options.Dims, base64: false)),
        };
        foreach (var (name, round) in rows)
        {
            for (var w = 0; w < 30; w++) await round(); // tier-1 code before timing (see benchmarks.md, "Base64 against JSON")
            var figures = new List<(double Us, double Bytes)>();
            for (var run = 0; run < options.Runs; run++)
            {
                const int rounds = 5;
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var r = 0; r < rounds; r++) await round();
                var us = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / (rounds * docs);
                figures.Add((us, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(rounds * docs)));
            }
            // The minimum is the run the other processes disturbed least (on a shared machine the median wanders with the load).
            var sorted = figures.OrderBy(f => f.Us).ToList();
            var median = sorted[sorted.Count / 2];
            Console.WriteLine($"  {name,-26}: min {sorted[0].Us,6:F2}  median {median.Us,6:F2} us/doc of {sorted.Count} runs  {median.Bytes,7:F1} B/doc allocated");
        }
        Console.WriteLine($"load {Load()}");
        return 0;
    }

    /// <summary>The corpus's document shape and float text (float "R" of uniform values in (-1, 1)).</summary>
    private static List<byte[]> Sources(int docs, int dims)
    {
        var random = new Random(42);
        var sources = new List<byte[]>(docs);
        for (var n = 0; n < docs; n++)
        {
            var body = new StringBuilder();
            body.Append("{\"title\":\"product ").Append(n).Append("\",\"tags\":[\"t").Append(n % 7).Append("\"],\"price\":").Append(n % 100).Append(",\"embedding\":[");
            for (var d = 0; d < dims; d++)
            {
                if (d > 0) body.Append(',');
                body.Append(((float)(random.NextDouble() * 2 - 1)).ToString("R", CultureInfo.InvariantCulture));
            }
            sources.Add(Encoding.UTF8.GetBytes(body.Append("]}").ToString()));
        }
        return sources;
    }

    private static readonly MemoryStream Body = new(1 << 20);
    private static readonly Utf8JsonWriter Writer = new(Body);

    private static readonly float[] Floats = new float[4096];

    private static void ParseAll(List<byte[]> sources)
    {
        foreach (var source in sources)
        {
            SourceFields.TryFindValue(source, "embedding", out var start, out var end);
            DecimalFloat.TryParseArray(source.AsSpan(start, end - start), Floats, out _);
        }
    }

    private static void RewriteAll(List<byte[]> sources)
    {
        foreach (var source in sources)
        {
            Body.SetLength(0);
            Base64Vector.WriteSource(Writer, source, "embedding");
            Writer.Flush();
            Writer.Reset();
        }
    }

    /// <summary>What the backfill does per page between reading it and sending it: the operations, then each one's body written as BulkApi writes it.</summary>
    private static async Task TransformAndWriteAsync(List<SourceDocument> page, int dims, bool base64)
    {
        var transformer = new DocumentTransformer("target", "embedding", null, dims, null, base64);
        for (var start = 0; start < page.Count; start += 500)
        {
            var (operations, _) = await transformer.TransformAsync(page.GetRange(start, Math.Min(500, page.Count - start)), CancellationToken.None);
            foreach (var op in operations)
            {
                Body.SetLength(0);
                op.WriteBody(Writer);
                Writer.Flush();
                Writer.Reset();
            }
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
