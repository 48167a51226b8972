using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Reads and writes an alias's lineage in an index mapping's _meta (next to, never inside, the migration record).</summary>
    public static class LineageStore
    {
        /// <summary>
        /// The lineage of <paramref name="alias"/> as its live index records it. A stored lineage
        /// counts only when it is this alias's and ends at this index (one written before a move
        /// that then failed does not); otherwise it is inferred from the live index's record.
        /// </summary>
        public static AliasLineage FromMappings(JsonObject? mappings, string alias, string live)
        {
            var record = MigrationStore.FromMappings(mappings, live);
            if (mappings?["_meta"]?[AliasLineage.MetaKey] is JsonObject stored)
            {
                try
                {
                    var lineage = stored.Deserialize(MigrationJsonContext.Default.AliasLineage);
                    if (lineage != null && lineage.Alias == alias && lineage.Generations.Count > 0 && lineage.Live.Index == live) return lineage;
                }
                catch (JsonException)
                {
                    // written by something else under our key: infer instead
                }
            }
            return AliasLineage.Infer(alias, live, record);
        }

        public static async Task<AliasLineage> ReadAsync(ElasticsearchCluster transport, string alias, string live, CancellationToken ct) =>
            FromMappings(await new IndicesApi(transport).GetMappingAsync(live, ct).ConfigureAwait(false), alias, live);

        /// <summary>Saves the lineage on <paramref name="index"/>, keeping every other _meta key.</summary>
        public static Task SaveAsync(ElasticsearchCluster transport, string index, AliasLineage lineage, CancellationToken ct) =>
            MigrationStore.SaveMetaAsync(transport, index, AliasLineage.MetaKey, JsonSerializer.SerializeToNode(lineage, MigrationJsonContext.Default.AliasLineage), ct);
    }
}
