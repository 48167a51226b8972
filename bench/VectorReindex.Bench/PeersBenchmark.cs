using System.Diagnostics;
using System.Text.Json.Nodes;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Embedding;
using VectorReindex.Embeddings.Local;

namespace VectorReindex.Bench;

/// <summary>
/// `backfill --peers` (issue 16, build 4 and acceptance 3): on one node in its own process and one
/// corpus, Start-Backfill's copy against Elasticsearch's Python helpers.reindex, the Node.js client
/// 9.x (scrollSearch + helpers.bulk), and the node's own _reindex (Start-Backfill -ServerSide,
/// slices auto), the peers taking turns, each run into a fresh index verified before it counts;
/// then the re-embed path with a real local model on a smaller corpus (docs/s, and the share of
/// the wall time spent embedding). Prints each peer's median and Start-Backfill's ratio to it.
/// </summary>
internal static class PeersBenchmark
{
    private const string EmbedAlias = "bench-embed";

    /// <param name="json">The same node without base64 vectors (-NoBase64Vectors): a second Start-Backfill row when the default sends base64.</param>
    public static async Task<int> RunAsync(LocalNodeProcess node, ClusterConnection connection, ClusterConnection json, BenchOptions options, int docs, int warmDocs)
    {
        var nodeJs = ScriptPeer.NodeJs(out var problem);
        if (nodeJs == null)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        var python = ScriptPeer.Python(out problem);
        if (python == null)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        var dims = options.Dims;
        var vectors = connection.Cluster.SendsBase64Vectors ? "base64 vectors" : "JSON vectors";
        var backfill = new BenchSide($"Start-Backfill ({vectors})", true, (run, n) => PeerRuns.EngineAsync(connection, node, BackfillBenchmark.Job(run, "copy", n, dims)));
        var sides = new List<BenchSide> { backfill };
        string[] goals = ["module CPU <= 15 us/doc"];
        if (connection.Cluster.SendsBase64Vectors)
        {
            sides.Add(new BenchSide("Start-Backfill (JSON vectors)", true, (run, n) => PeerRuns.EngineAsync(json, node, BackfillBenchmark.Job(run, "json", n, dims))));
            goals = [.. goals, "module CPU <= 15 us/doc"];
        }
        goals = [.. goals, "ratio >= 5x", "ratio >= 2x", "ratio >= 0.6x"];
        sides.AddRange(new BenchSide[]
        {
            new(python.Name, false, (run, n) => PeerRuns.ScriptAsync(python, connection, node, BackfillBenchmark.Job(run, "python", n, dims))),
            new(nodeJs.Name, false, (run, n) => PeerRuns.ScriptAsync(nodeJs, connection, node, BackfillBenchmark.Job(run, "nodejs", n, dims))),
            new("node's _reindex (-ServerSide)", true, (run, n) => PeerRuns.EngineAsync(connection, node, BackfillBenchmark.Job(run, "reindex", n, dims), serverSide: true)),
        });
        Console.WriteLine($"peers, {options.Runs} run(s) each, taking turns, each into a fresh index verified (count + {dims}-float vectors of 16 documents) before it counts:");
        Console.WriteLine("  Start-Backfill: 4 PIT slices, 500/batch, no compression; python: scroll + bulk, 500/chunk; Node.js: scrollSearch 1000/page, helpers.bulk flushBytes 5 MiB, concurrency 5; _reindex: slices=auto (1 shard: 1 slice)");

        // Warm-up (untimed): every peer copies the small index three times (BenchSide.WarmUpAsync), so no timed run pays for a cold JIT or a cold node path.
        foreach (var side in sides)
            if (!await side.WarmUpAsync(warmDocs)) return 1;

        if (!await BenchSide.RunInTurnsAsync(sides, options.Runs, docs)) return 1;

        var reembed = await ReembedAsync(node, connection, options);
        if (reembed == null) return 1;

        var split = connection.Cluster.SendsBase64Vectors
            ? await TransformSplit.Base64UsPerDocAsync(node.Uri, "bench-v1", connection.Cluster.Capabilities.MustAskForVectors)
            : double.NaN;
        Console.WriteLine();
        Console.WriteLine($"median of {options.Runs}, {docs:N0} docs x {dims} floats, server {connection.Version}:");
        // Ratios against each Start-Backfill row (base64 is the default on 9.3+; JSON is -NoBase64Vectors).
        var engines = sides.Where(side => side.InModule && side.Name.StartsWith("Start-Backfill", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"| peer | docs/s | {string.Join(" | ", engines.Select(e => e.Name + " / peer"))} | module CPU us/doc | node CPU us/doc | goal |");
        Console.WriteLine($"| --- | ---: | {string.Join(" | ", engines.Select(_ => "---:"))} | ---: | ---: | --- |");
        for (var i = 0; i < sides.Count; i++)
        {
            var side = sides[i];
            var docsPerSecond = side.Median(r => r.DocsPerSecond);
            var ratios = string.Join(" | ", engines.Select(e => $"{e.Median(r => r.DocsPerSecond) / docsPerSecond:F2}x"));
            var module = side.InModule ? $"{side.Median(r => r.ModuleUsPerDoc):F1}" : "(own process)";
            Console.WriteLine($"| {side.Name} | {docsPerSecond:N0} | {ratios} | {module} | {side.Median(r => r.NodeUsPerDoc):F1} | {goals[i]} |");
        }
        var middle = reembed.Results[reembed.Results.Count / 2];
        Console.WriteLine($"| {reembed.Name}, {options.ReembedDocs:N0} docs | {reembed.Median(r => r.DocsPerSecond):N0} | {string.Join(" | ", engines.Select(_ => "(re-embeds)"))} | {reembed.Median(r => r.ModuleUsPerDoc):F1} | {reembed.Median(r => r.NodeUsPerDoc):F1} | {middle.Detail} |");
        if (!double.IsNaN(split))
            Console.WriteLine($"module CPU split: the base64 rewrite of a source (decimal floats parsed, encoded) {split:F1} us/doc timed alone; the rest of {backfill.Name}'s {backfill.Median(r => r.ModuleUsPerDoc):F1} us is HTTP, the page scan and the bulk body.");
        return 0;
    }

    /// <summary>Start-Backfill re-embedding the title with a local model (MiniLM unless --model) on --reembed-docs product descriptions.</summary>
    private static async Task<BenchSide?> ReembedAsync(LocalNodeProcess node, ClusterConnection connection, BenchOptions options)
    {
        var model = LocalEmbeddingModel.Find(options.Model ?? LocalEmbeddingModel.MiniLMName);
        if (model == null)
        {
            Console.Error.WriteLine($"Unknown local model '{options.Model}'. Known: {string.Join(", ", LocalEmbeddingModel.All)}.");
            return null;
        }
        var docs = options.ReembedDocs;
        await Corpus.LoadAsync(node.Uri, EmbedAlias + "-v1", docs, options.Dims, ProductDescriptions.Of);
        await new IndicesApi(connection.Cluster).UpdateAliasesAsync(new JsonArray(
            new JsonObject { ["add"] = new JsonObject { ["index"] = EmbedAlias + "-v1", ["alias"] = EmbedAlias, ["is_write_index"] = true } }), CancellationToken.None);
        var load = Stopwatch.StartNew();
        using var generator = OnnxSentenceEmbeddingGenerator.Create(model.Name);
        await generator.GenerateAsync(Enumerable.Range(0, 8).Select(ProductDescriptions.Of)); // the first ONNX run allocates its arenas
        Console.WriteLine($"re-embed: {docs:N0} product descriptions ({options.Dims}-float source vectors) -> {model.ModelId} ({model.Dimensions} dims), model loaded and warmed in {load.Elapsed.TotalSeconds:F1} s, {Environment.ProcessorCount} cores");

        var side = new BenchSide($"Start-Backfill re-embed ({model.Name})", true, async (run, n) =>
        {
            var clock = new EmbeddingClock(generator); // not disposed: that would dispose the model it wraps
            var result = await PeerRuns.EngineAsync(connection, node, new CopyJob(EmbedAlias, EmbedAlias + "-v1", PeerRuns.Index(EmbedAlias, "reembed", run), n, model.Dimensions),
                VectorEmbedder.Local(model, clock));
            return result == null ? null : result with
            {
                Detail = $"{clock.Busy.TotalSeconds / result.Seconds:P0} of wall time embedding ({clock.Texts / clock.Busy.TotalSeconds:N0} texts/s while embedding)",
            };
        });
        if (!await BenchSide.RunInTurnsAsync([side], options.Runs, docs)) return null;
        side.Results.Sort((a, b) => a.DocsPerSecond.CompareTo(b.DocsPerSecond)); // the middle one's detail goes in the table
        return side;
    }
}
