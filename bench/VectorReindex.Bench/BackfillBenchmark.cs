using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.LocalNode;

namespace VectorReindex.Bench;

/// <summary>
/// Start-Backfill's engine in copy mode against Elasticsearch's Python client (helpers.reindex,
/// from Debian's python3-elasticsearch) on the same node, same corpus, same run (issue 6, acceptance 5).
/// </summary>
internal static class BackfillBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 200_000;
        // Pinned to 8.17.0: the module copies vectors from _source, which 9.2+ leaves out by default;
        // issue 11 (per-version capabilities in Core) unpins this.
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.17.0" });
        using var connection = await Corpus.ConnectAsync(node.Uri);
        var transport = connection.Cluster;
        var load = Stopwatch.StartNew();
        await Corpus.LoadAsync(node.Uri, "bench-v1", docs, options.Dims);
        Console.WriteLine($"corpus: {docs:N0} docs x {options.Dims} floats loaded in {load.Elapsed.TotalSeconds:F1} s");
        await new IndicesApi(transport).UpdateAliasesAsync(new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["add"] = new System.Text.Json.Nodes.JsonObject { ["index"] = "bench-v1", ["alias"] = "bench", ["is_write_index"] = true } }), CancellationToken.None);

        var shadow = new ShadowIndexService(transport, NullLogger.Instance);
        var migration = await shadow.CreateAsync(await shadow.PlanAsync(new ShadowIndexOptions { Alias = "bench" }, CancellationToken.None), CancellationToken.None);
        var transformer = new DocumentTransformer(migration.Target, migration.VectorField, null, migration.Dimensions, null);
        var runner = new BackfillRunner(transport, transport, migration, transformer, new BackfillOptions { BatchSize = 500, Slices = 4 }, NullLogger.Instance);
        var ours = Stopwatch.StartNew();
        var state = await runner.RunAsync(CancellationToken.None);
        ours.Stop();
        var ourRate = docs / ours.Elapsed.TotalSeconds;
        Console.WriteLine($"  Start-Backfill (copy, 4 slices, 500/batch): {ours.Elapsed.TotalSeconds,7:F1} s {ourRate,9:N0} docs/s  ({state})");

        if (!options.Python)
        {
            Console.WriteLine("  (pass --python to compare with helpers.reindex from python3-elasticsearch)");
            return 0;
        }
        var plan = await shadow.PlanAsync(new ShadowIndexOptions { Alias = "bench", Name = "bench-python" }, CancellationToken.None);
        await new IndicesApi(transport).CreateAsync("bench-python", plan.Body, CancellationToken.None);
        var script = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "python_reindex.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{Path.GetFullPath(script)}\" --url {node.Uri} --source bench-v1 --target bench-python --chunk-size 500")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(psi)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (python.ExitCode != 0)
        {
            Console.Error.WriteLine("python helpers.reindex failed: " + error);
            return 1;
        }
        var result = JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement;
        var pySeconds = result.GetProperty("seconds").GetDouble();
        var pyRate = docs / pySeconds;
        Console.WriteLine($"  python helpers.reindex (scroll + bulk)   : {pySeconds,7:F1} s {pyRate,9:N0} docs/s  (copied {result.GetProperty("copied")})");
        Console.WriteLine($"  ratio Start-Backfill / helpers.reindex   : {ourRate / pyRate:F2}x");
        return 0;
    }
}
