using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Metadata;
using VectorReindex.LocalNode;

namespace VectorReindex.Bench;

/// <summary>
/// Set-IndexMetadata's partial updates against the naive alternative, delete plus re-upsert of
/// the same documents with their vectors, on the same corpus (issue 5, acceptance 3).
/// </summary>
internal static class MetadataBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 20_000;
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = options.EsVersion ?? LocalNodeOptions.DefaultEsVersion });
        using var connection = await Corpus.ConnectAsync(node.Uri);
        var transport = connection.Cluster;
        await Corpus.LoadAsync(node.Uri, "meta-bench", docs, options.Dims);
        var ids = Enumerable.Range(0, docs).Select(n => "doc-" + n).ToList();
        const int batch = 500;

        var updater = new MetadataUpdater(transport, NullLogger.Instance, "meta-bench", new JsonObject { ["tags"] = new JsonArray("sale") }, null, null, null, false);
        var partial = Stopwatch.StartNew();
        for (var i = 0; i < docs; i += batch) await updater.ApplyAsync(ids.Skip(i).Take(batch).ToList(), CancellationToken.None);
        partial.Stop();

        var documents = new DocumentsApi(transport);
        var bulk = new BulkApi(transport);
        var naive = Stopwatch.StartNew();
        for (var i = 0; i < docs; i += batch)
        {
            var slice = ids.Skip(i).Take(batch).ToList();
            var current = await documents.MultiGetAsync("meta-bench", slice, withSource: true, includeVectors: connection.MustAskForVectors, CancellationToken.None);
            await bulk.SendAsync(slice.Select(id => BulkOperation.Delete("meta-bench", id)).ToList(), null, CancellationToken.None);
            var upserts = current.Select(d =>
            {
                var source = (JsonObject)d.Source!.DeepClone();
                source["tags"] = new JsonArray("clearance");
                return new BulkOperation(BulkAction.Index, "meta-bench", d.Id, w => source.WriteTo(w));
            }).ToList();
            await bulk.SendAsync(upserts, null, CancellationToken.None);
        }
        naive.Stop();

        var partialRate = docs / partial.Elapsed.TotalSeconds;
        var naiveRate = docs / naive.Elapsed.TotalSeconds;
        Console.WriteLine($"metadata update, {docs:N0} docs x {options.Dims} floats, batches of {batch}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"  Set-IndexMetadata (partial update) : {partial.Elapsed.TotalSeconds,8:F2} s  {partialRate,10:N0} docs/s  (summary: {updater.Summary})");
        Console.WriteLine($"  delete + re-upsert with vectors    : {naive.Elapsed.TotalSeconds,8:F2} s  {naiveRate,10:N0} docs/s");
        Console.WriteLine($"  ratio (re-upsert time / partial)   : {naive.Elapsed.TotalSeconds / partial.Elapsed.TotalSeconds:F2}x");
        return 0;
    }
}
