using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Bench;

/// <summary>
/// Start-Backfill's engine path (MigrationEngine.BackfillAsync, copy mode) against Elasticsearch's
/// Python client (helpers.reindex, from Debian's python3-elasticsearch) on the same node, same
/// corpus, same run (issue 6 acceptance 5, issue 11 acceptance 6). The node runs in its own process,
/// so this process's CPU time during the copy is the module's own cost.
/// </summary>
internal static class BackfillBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 200_000;
        await using var node = await LocalNodeProcess.StartAsync(options.EsVersion);
        Console.WriteLine($"node: pid {node.Pid}, {node.Banner}");
        using var connection = await Corpus.ConnectAsync(node.Uri);
        var cluster = connection.Cluster;
        var load = Stopwatch.StartNew();
        await Corpus.LoadAsync(node.Uri, "bench-v1", docs, options.Dims);
        Console.WriteLine($"corpus: {docs:N0} docs x {options.Dims} floats loaded in {load.Elapsed.TotalSeconds:F1} s; server {connection.Version}, vectors in _source: {cluster.Capabilities.VectorsInSource}");
        await new IndicesApi(cluster).UpdateAliasesAsync(new JsonArray(
            new JsonObject { ["add"] = new JsonObject { ["index"] = "bench-v1", ["alias"] = "bench", ["is_write_index"] = true } }), CancellationToken.None);

        var engine = new MigrationEngine(connection);
        var observer = MigrationObserver.None;
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(new ShadowIndexOptions { Alias = "bench" }, observer, CancellationToken.None), observer, CancellationToken.None);
        var stage = new BackfillStageOptions(created) { Backfill = new BackfillOptions { BatchSize = 500, Slices = 4 } };

        var cost = ProcessCost.Start(node);
        var backfilled = await engine.BackfillAsync(stage, observer, CancellationToken.None);
        var copy = cost.Stop();
        var state = backfilled.Backfill!;
        var ourRate = state.Copied / copy.Elapsed.TotalSeconds;
        Console.WriteLine($"  Start-Backfill (engine, copy, 4 slices, 500/batch): {copy.Elapsed.TotalSeconds,7:F1} s {ourRate,9:N0} docs/s  ({state})");
        Console.WriteLine($"    module CPU per copied document  : {copy.SelfCpu.TotalMilliseconds * 1000 / Math.Max(1, state.Copied),7:F1} us  (bench process {copy.SelfCpu.TotalSeconds:F2} s CPU; goal <= 15 us)");
        Console.WriteLine($"    node CPU per copied document    : {copy.NodeCpu.TotalMilliseconds * 1000 / Math.Max(1, state.Copied),7:F1} us  (node process {copy.NodeCpu.TotalSeconds:F2} s CPU)");
        Console.WriteLine($"    bench GC: {copy.Gen0} gen0 / {copy.Gen1} gen1 / {copy.Gen2} gen2, {copy.PauseTime.TotalMilliseconds:F0} ms paused, {copy.AllocatedBytes / (double)Math.Max(1, state.Copied) / 1024:F1} KiB allocated per document");
        if (!await HasVectorAsync(cluster, created.Target, options.Dims)) return Fail($"{created.Target} holds documents without their {options.Dims}-float vector.");

        if (!options.Python)
        {
            Console.WriteLine("  (pass --python to compare with helpers.reindex from python3-elasticsearch)");
            return 0;
        }
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = "bench", Name = "bench-python" }, observer, CancellationToken.None);
        await new IndicesApi(cluster).CreateAsync("bench-python", plan.Body, CancellationToken.None);
        var script = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "python_reindex.py");
        var arguments = $"\"{Path.GetFullPath(script)}\" --url {node.Uri} --source bench-v1 --target bench-python --chunk-size 500";
        if (cluster.Capabilities.VectorsInSource == VectorsInSource.QueryParameter) arguments += " --ask-for-vectors";
        var psi = new ProcessStartInfo("/usr/bin/python3", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(psi)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (python.ExitCode != 0) return Fail("python helpers.reindex failed: " + await error);
        var result = JsonDocument.Parse((await output).Trim().Split('\n').Last()).RootElement;
        var pySeconds = result.GetProperty("seconds").GetDouble();
        var pyRate = docs / pySeconds;
        Console.WriteLine($"  python helpers.reindex (scroll + bulk)            : {pySeconds,7:F1} s {pyRate,9:N0} docs/s  (copied {result.GetProperty("copied")})");
        if (!await HasVectorAsync(cluster, "bench-python", options.Dims)) return Fail($"bench-python holds documents without their {options.Dims}-float vector.");
        Console.WriteLine($"  ratio Start-Backfill / helpers.reindex            : {ourRate / pyRate:F2}x  (goal >= 4.5x)");
        return 0;
    }

    /// <summary>Both copies must carry the vectors: a copy without them (9.2+ leaves them out unless asked) would be fast and wrong.</summary>
    private static async Task<bool> HasVectorAsync(ElasticsearchCluster cluster, string index, int dims)
    {
        var documents = await new DocumentsApi(cluster).MultiGetAsync(index, new[] { "doc-0", "doc-1" }, withSource: true,
            includeVectors: cluster.Capabilities.MustAskForVectors, CancellationToken.None);
        return documents.Count == 2 && documents.All(d => (d.Source?["embedding"] as JsonArray)?.Count == dims);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
