using System.Text.Json.Nodes;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Demo;

/// <summary>
/// Creates products-v1 behind the alias "products" (its model recorded in _meta) and bulk-loads
/// the corpus; in the --cross-cluster mode with the old cluster's shard count and every document routed.
/// </summary>
public static class CorpusLoader
{
    public const string Alias = "products";
    public const string Index = "products-v1";

    public static async Task LoadAsync(ElasticsearchCluster cluster, DemoOptions options, CancellationToken ct)
    {
        var model = new HashingEmbeddingGenerator(options.OldDimensions);
        var meta = IndexModel.MetaEntry(EmbedderDescriptor.Hashing(options.OldDimensions, 0));
        meta["owner"] = "demo";
        var body = new JsonObject
        {
            // Tombstones that outlive the migration (the shadow index copies the setting): with the
            // default 60 s a document deleted early in a long backfill is resurrected by the PIT copy,
            // and one the writers re-create restarts at version 1 in the source, which the target's
            // younger tombstone refuses, so parity finds it missing (a real model's migration lasts minutes).
            ["settings"] = new JsonObject { ["number_of_shards"] = options.CrossCluster ? options.OldShards : 1, ["number_of_replicas"] = 0, ["refresh_interval"] = "1s", ["gc_deletes"] = "1h" },
            ["mappings"] = new JsonObject
            {
                ["_meta"] = meta,
                ["properties"] = new JsonObject
                {
                    ["text"] = new JsonObject { ["type"] = "text" },
                    ["category"] = new JsonObject { ["type"] = "keyword" },
                    ["price"] = new JsonObject { ["type"] = "double" },
                    ["in_stock"] = new JsonObject { ["type"] = "boolean" },
                    ["revision"] = new JsonObject { ["type"] = "integer" },
                    ["embedding"] = new JsonObject { ["type"] = "dense_vector", ["dims"] = options.OldDimensions, ["index"] = true, ["similarity"] = "cosine" },
                },
            },
            ["aliases"] = new JsonObject { [Alias] = new JsonObject { ["is_write_index"] = true } },
        };
        var indices = new IndicesApi(cluster);
        await indices.CreateAsync(Index, body, ct);
        var bulk = new BulkApi(cluster);
        const int batch = 1000;
        var tasks = new List<Task>();
        for (var start = 0; start < options.Documents; start += batch)
        {
            var first = start;
            var ops = Enumerable.Range(first, Math.Min(batch, options.Documents - first)).Select(n =>
            {
                var text = Corpus.Text(n, 0);
                var doc = Corpus.Metadata(n, 0);
                doc["text"] = text;
                doc["embedding"] = new JsonArray(model.Embed(text).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                return new BulkOperation(BulkAction.Index, Index, Corpus.Id(n), w => doc.WriteTo(w)) { Routing = Corpus.Routing(options, n) };
            }).ToList();
            tasks.Add(bulk.SendAsync(ops, null, ct));
            if (tasks.Count >= 2)
            {
                await Task.WhenAll(tasks);
                tasks.Clear();
            }
        }
        await Task.WhenAll(tasks);
        await indices.RefreshAsync(Index, ct);
    }
}
