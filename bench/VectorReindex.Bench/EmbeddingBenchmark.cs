using System.Diagnostics;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;
using VectorReindex.Embeddings.Local;

namespace VectorReindex.Bench;

/// <summary>
/// Local model throughput: texts per second for MiniLM or ArcticXs on this machine's cores
/// (deterministic product descriptions, batches as Start-Backfill sends them), then the same texts
/// again through the session cache, which must not run the model.
/// </summary>
internal static class EmbeddingBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 2_000;
        var model = options.Model ?? LocalEmbeddingModel.MiniLMName;
        var texts = Enumerable.Range(0, docs)
            .Select(ProductDescriptions.Of)
            .ToArray();

        var load = Stopwatch.StartNew();
        using var generator = OnnxSentenceEmbeddingGenerator.Create(model);
        load.Stop();
        await generator.GenerateAsync(texts.Take(8)); // warm-up: first ONNX run allocates its arenas

        const int batch = 64;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < texts.Length; i += batch) await generator.GenerateAsync(texts.Skip(i).Take(batch));
        clock.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var cached = new CachingEmbeddingGenerator(generator, generator.Model.ModelId, new EmbeddingCache(docs));
        for (var i = 0; i < texts.Length; i += batch) await cached.GenerateAsync(texts.Skip(i).Take(batch));
        var again = Stopwatch.StartNew();
        for (var i = 0; i < texts.Length; i += batch) await cached.GenerateAsync(texts.Skip(i).Take(batch));
        again.Stop();

        Console.WriteLine($"local model {generator.Model.ModelId} ({generator.Model.Dimensions} dims), {docs:N0} texts, batches of {batch}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"  model load            {load.Elapsed.TotalSeconds,8:F2} s");
        Console.WriteLine($"  embed                 {docs / clock.Elapsed.TotalSeconds,8:N0} texts/s   ({clock.Elapsed.TotalMilliseconds * 1000 / docs:N0} us/text wall, {cpuUsed.TotalMilliseconds * 1000 / docs:N0} us/text CPU)");
        Console.WriteLine($"  re-embed from cache   {docs / again.Elapsed.TotalSeconds,8:N0} texts/s   (the model is not run; {cached.Cache.Count:N0} entries)");
        return 0;
    }
}
