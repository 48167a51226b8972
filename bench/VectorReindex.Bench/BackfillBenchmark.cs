using System.Diagnostics;
using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Bench;

/// <summary>
/// Start-Backfill's engine path (MigrationEngine.BackfillAsync, copy mode) against Elasticsearch's
/// Python client (helpers.reindex, from Debian's python3-elasticsearch) on the same node and corpus
/// (issue 6 acceptance 5, issue 11 acceptance 6), and base64 against JSON float vectors into a 9.3+
/// node (issue 16 acceptance 2). The node runs in its own process, so this process's CPU time during
/// a copy is the module's own cost. Each side runs --runs times (default 3), the sides taking turns,
/// each run into a fresh index deleted afterwards; the summary is each side's median.
/// </summary>
internal static class BackfillBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 200_000;
        await using var node = await LocalNodeProcess.StartAsync(options.EsVersion);
        Console.WriteLine($"node: pid {node.Pid}, {node.Banner}");
        using var connection = await Corpus.ConnectAsync(node.Uri, options.Compression);
        using var json = await Corpus.ConnectAsync(node.Uri, options.Compression, base64Vectors: false);
        var cluster = connection.Cluster;
        var load = Stopwatch.StartNew();
        await Corpus.LoadAsync(node.Uri, "bench-v1", docs, options.Dims);
        Console.WriteLine($"corpus: {docs:N0} docs x {options.Dims} floats loaded in {load.Elapsed.TotalSeconds:F1} s; server {connection.Version}, vectors in _source: {cluster.Capabilities.VectorsInSource}, base64 vectors: {cluster.SendsBase64Vectors}");
        if (options.Base64 && !cluster.SendsBase64Vectors) return Fail($"--base64 needs a node presenting 9.3 or later (this one presents {connection.Version}).");
        await new IndicesApi(cluster).UpdateAliasesAsync(new JsonArray(
            new JsonObject { ["add"] = new JsonObject { ["index"] = "bench-v1", ["alias"] = "bench", ["is_write_index"] = true } }), CancellationToken.None);

        // Warm-up (untimed), as the ingest bench has one: each engine side first copies a small index, so
        // no timed run pays for the JIT compiling the copy path (the first run of a side used to be its slowest).
        var warmDocs = Math.Min(docs, 5_000);
        await Corpus.LoadAsync(node.Uri, "bench-warm-v1", warmDocs, options.Dims);
        await new IndicesApi(cluster).UpdateAliasesAsync(new JsonArray(
            new JsonObject { ["add"] = new JsonObject { ["index"] = "bench-warm-v1", ["alias"] = "bench-warm", ["is_write_index"] = true } }), CancellationToken.None);

        if (options.Peers) return await PeersBenchmark.RunAsync(node, connection, json, options, docs, warmDocs);

        var compression = options.Compression ? "gzip" : "no compression";
        var embedder = options.Reembed ? VectorEmbedder.Hashing(options.Dims, 1) : null;
        Func<string, float[]>? embedded = options.Reembed ? new HashingEmbeddingGenerator(options.Dims, 1).Embed : null;
        var sides = new List<BenchSide>();
        if (options.Base64)
        {
            sides.Add(new BenchSide("Start-Backfill, base64 vectors", true, (run, d) => PeerRuns.EngineAsync(connection, node, Job(run, "b64", d, options.Dims), embedder, embedded: embedded)));
            sides.Add(new BenchSide("Start-Backfill, JSON vectors", true, (run, d) => PeerRuns.EngineAsync(json, node, Job(run, "json", d, options.Dims), embedder, embedded: embedded)));
        }
        else
        {
            var vectors = cluster.SendsBase64Vectors ? "base64 vectors" : "JSON vectors";
            sides.Add(new BenchSide($"Start-Backfill ({vectors})", true, (run, d) => PeerRuns.EngineAsync(connection, node, Job(run, "copy", d, options.Dims), embedder)));
        }
        if (options.Python)
        {
            if (ScriptPeer.Python(out var problem) is not { } python) return Fail(problem!);
            sides.Add(new BenchSide(python.Name, false, (run, d) => PeerRuns.ScriptAsync(python, connection, node, Job(run, "python", d, options.Dims))));
        }
        var mode = options.Reembed ? "re-embed (hashing model, title)" : "copy";
        Console.WriteLine($"{options.Runs} run(s) per side, sides taking turns; engine: {mode}, 4 PIT slices, 500/batch, {compression}; python: scroll + bulk, 500/chunk");

        foreach (var side in sides.Where(s => s.InModule))
            if (!await side.WarmUpAsync(warmDocs)) return 1;

        if (!await BenchSide.RunInTurnsAsync(sides, options.Runs, docs)) return 1;

        Console.WriteLine($"median of {options.Runs} (docs/s, module CPU per copied document, node CPU per copied document):");
        foreach (var side in sides)
            Console.WriteLine($"  {side.Name,-34}: {side.Median(r => r.DocsPerSecond),9:N0} docs/s  {(side.InModule ? $"module {side.Median(r => r.ModuleUsPerDoc),6:F1} us/doc (goal <= 15 us)  " : "")}node {side.Median(r => r.NodeUsPerDoc),6:F1} us/doc");
        var engine = sides[0];
        if (options.Base64)
            Console.WriteLine($"  ratio base64 / JSON vectors          : {engine.Median(r => r.DocsPerSecond) / sides[1].Median(r => r.DocsPerSecond):F2}x  (goal >= 1.5x)");
        if (options.Base64 && options.Reembed)
        {
            // Both wire forms must have stored the very same float32 bits: the model's own (checked per run on 16 documents), and each other's (256 documents).
            var digests = sides.Take(2).SelectMany(side => side.Results).Select(r => r.Vectors).Distinct().ToList();
            if (digests.Count != 1) return Fail($"The stored vectors differ between the base64 and JSON runs (sha-256 of 256 documents' float32 bits: {string.Join(", ", digests)}).");
            Console.WriteLine($"  stored vectors, base64 against JSON  : bit-identical in all {options.Runs * 2} runs (sha-256 of 256 documents' float32 bits {digests[0]}), and the model's own bits on 16 documents");
        }
        if (options.Python)
            Console.WriteLine($"  ratio {engine.Name} / helpers.reindex: {engine.Median(r => r.DocsPerSecond) / sides[^1].Median(r => r.DocsPerSecond):F2}x  (goal >= 4.5x, issue 16: >= 5x)");
        return 0;
    }

    /// <summary>Run 0 is the untimed warm-up: it copies the small warm-up index.</summary>
    public static CopyJob Job(int run, string tag, int docs, int dims)
    {
        var alias = run == 0 ? "bench-warm" : "bench";
        return new CopyJob(alias, alias + "-v1", PeerRuns.Index(alias, tag, run), docs, dims);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
