using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

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

        var compression = options.Compression ? "gzip" : "no compression";
        var sides = new List<Side>();
        if (options.Base64)
        {
            sides.Add(new Side("Start-Backfill, base64 vectors", (run, d) => EngineCopyAsync(connection, node, options, run, "b64", d)));
            sides.Add(new Side("Start-Backfill, JSON vectors", (run, d) => EngineCopyAsync(json, node, options, run, "json", d)));
        }
        else
        {
            var vectors = cluster.SendsBase64Vectors ? "base64 vectors" : "JSON vectors";
            sides.Add(new Side($"Start-Backfill ({vectors})", (run, d) => EngineCopyAsync(connection, node, options, run, "copy", d)));
        }
        if (options.Python) sides.Add(new Side("python helpers.reindex", (run, d) => PythonCopyAsync(connection, node, options, run, d)));
        var mode = options.Reembed ? "re-embed (hashing model, title)" : "copy";
        Console.WriteLine($"{options.Runs} run(s) per side, sides taking turns; engine: {mode}, 4 PIT slices, 500/batch, {compression}; python: scroll + bulk, 500/chunk");

        foreach (var side in sides.Where(s => s.IsEngine))
            if (await side.Run(0, warmDocs) == null) return 1;

        for (var run = 1; run <= options.Runs; run++)
            foreach (var side in sides)
            {
                var result = await side.Run(run, docs);
                if (result == null) return 1;
                side.Results.Add(result);
                var module = side.IsEngine ? $"module CPU {result.ModuleUsPerDoc,6:F1} us/doc  " : "";
                Console.WriteLine($"  run {run} {side.Name,-34}: {result.Seconds,7:F1} s {result.DocsPerSecond,9:N0} docs/s  {module}node CPU {result.NodeUsPerDoc,6:F1} us/doc  {result.Detail}");
            }

        Console.WriteLine($"median of {options.Runs} (docs/s, module CPU per copied document, node CPU per copied document):");
        foreach (var side in sides)
            Console.WriteLine($"  {side.Name,-34}: {side.Median(r => r.DocsPerSecond),9:N0} docs/s  {(side.IsEngine ? $"module {side.Median(r => r.ModuleUsPerDoc),6:F1} us/doc (goal <= 15 us)  " : "")}node {side.Median(r => r.NodeUsPerDoc),6:F1} us/doc");
        var engine = sides[0];
        if (options.Base64)
            Console.WriteLine($"  ratio base64 / JSON vectors          : {engine.Median(r => r.DocsPerSecond) / sides[1].Median(r => r.DocsPerSecond):F2}x  (goal >= 1.5x)");
        if (options.Python)
            Console.WriteLine($"  ratio {engine.Name} / helpers.reindex: {engine.Median(r => r.DocsPerSecond) / sides[^1].Median(r => r.DocsPerSecond):F2}x  (goal >= 4.5x, issue 16: >= 5x)");
        return 0;
    }

    private static async Task<RunResult?> EngineCopyAsync(ClusterConnection connection, LocalNodeProcess node, BenchOptions options, int run, string tag, int docs)
    {
        var engine = new MigrationEngine(connection);
        var observer = MigrationObserver.None;
        var alias = run == 0 ? "bench-warm" : "bench"; // run 0: the warm-up copy
        var shadow = new ShadowIndexOptions { Alias = alias, Name = $"{alias}-{tag}-{run}" };
        if (options.Reembed)
        {
            shadow.TextField = "title";
            shadow.Embedder = EmbedderDescriptor.Hashing(options.Dims, 1);
        }
        var plan = await engine.PlanAsync(shadow, observer, CancellationToken.None);
        var created = await engine.CreateShadowAsync(plan, observer, CancellationToken.None);
        var stage = new BackfillStageOptions(created) { Backfill = new BackfillOptions { BatchSize = 500, Slices = 4 } };
        if (options.Reembed) stage.Embedder = VectorEmbedder.Hashing(options.Dims, 1);
        var cost = ProcessCost.Start(node);
        var backfilled = await engine.BackfillAsync(stage, observer, CancellationToken.None);
        var copy = cost.Stop();
        var state = backfilled.Backfill!;
        if (state.Copied != docs || state.Failed != 0) return Failed($"{created.Target}: copied {state.Copied} of {docs}, {state.Failed} failed ({state}).");
        if (!await HasVectorAsync(connection.Cluster, created.Target, options.Dims)) return Failed($"{created.Target} holds documents without their {options.Dims}-float vector.");
        await new IndicesApi(connection.Cluster).DeleteAsync(created.Target, CancellationToken.None);
        return new RunResult(copy.Elapsed.TotalSeconds, state.Copied / copy.Elapsed.TotalSeconds,
            copy.SelfCpu.TotalMilliseconds * 1000 / state.Copied, copy.NodeCpu.TotalMilliseconds * 1000 / state.Copied,
            $"GC {copy.Gen0}/{copy.Gen1}/{copy.Gen2}, {copy.PauseTime.TotalMilliseconds:F0} ms paused, {copy.AllocatedBytes / (double)state.Copied / 1024:F1} KiB/doc");
    }

    private static async Task<RunResult?> PythonCopyAsync(ClusterConnection connection, LocalNodeProcess node, BenchOptions options, int run, int docs)
    {
        var cluster = connection.Cluster;
        var engine = new MigrationEngine(connection);
        var target = $"bench-python-{run}";
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = "bench", Name = target }, MigrationObserver.None, CancellationToken.None);
        await new IndicesApi(cluster).CreateAsync(target, plan.Body, CancellationToken.None);
        var script = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "python_reindex.py");
        var arguments = $"\"{Path.GetFullPath(script)}\" --url {node.Uri} --source bench-v1 --target {target} --chunk-size 500";
        if (cluster.Capabilities.VectorsInSource == VectorsInSource.QueryParameter) arguments += " --ask-for-vectors";
        var psi = new ProcessStartInfo("/usr/bin/python3", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var nodeCpu = node.CpuTime;
        using var python = Process.Start(psi)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        var nodeUs = (node.CpuTime - nodeCpu).TotalMilliseconds * 1000 / docs;
        if (python.ExitCode != 0) return Failed("python helpers.reindex failed: " + await error);
        var result = JsonDocument.Parse((await output).Trim().Split('\n').Last()).RootElement;
        var seconds = result.GetProperty("seconds").GetDouble();
        if (!await HasVectorAsync(cluster, target, options.Dims)) return Failed($"{target} holds documents without their {options.Dims}-float vector.");
        await new IndicesApi(cluster).DeleteAsync(target, CancellationToken.None);
        return new RunResult(seconds, docs / seconds, double.NaN, nodeUs, $"copied {result.GetProperty("copied")}");
    }

    /// <summary>Both copies must carry the vectors: a copy without them (9.2+ leaves them out unless asked) would be fast and wrong.</summary>
    private static async Task<bool> HasVectorAsync(ElasticsearchCluster cluster, string index, int dims)
    {
        var documents = await new DocumentsApi(cluster).MultiGetAsync(index, new[] { "doc-0", "doc-1" }, withSource: true,
            includeVectors: cluster.Capabilities.MustAskForVectors, CancellationToken.None);
        return documents.Count == 2 && documents.All(d => (d.Source?["embedding"] as JsonArray)?.Count == dims);
    }

    private static RunResult? Failed(string message)
    {
        Console.Error.WriteLine(message);
        return null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }

    private sealed record RunResult(double Seconds, double DocsPerSecond, double ModuleUsPerDoc, double NodeUsPerDoc, string Detail);

    private sealed class Side
    {
        public Side(string name, Func<int, int, Task<RunResult?>> run)
        {
            Name = name;
            Run = run;
        }

        public string Name { get; }
        public Func<int, int, Task<RunResult?>> Run { get; }
        public List<RunResult> Results { get; } = new();
        public bool IsEngine => !Name.StartsWith("python", StringComparison.Ordinal);

        public double Median(Func<RunResult, double> value)
        {
            var sorted = Results.Select(value).OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
