using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.DualWrite
{
    /// <summary>
    /// Which embedding model made an index's vectors, from its mapping _meta: the migration's
    /// embedder when the index is a migration target (_meta.vectorreindex.embedder), else the
    /// model an application recorded under _meta.embedder. Readers embed queries with it.
    /// </summary>
    public static class IndexModel
    {
        public const string MetaKey = "embedder";

        public static EmbedderDescriptor? FromMappings(JsonObject? mappings)
        {
            var migration = MigrationStore.FromMappings(mappings);
            if (migration?.EmbedderDescriptor is { } recorded) return recorded;
            if (mappings?["_meta"]?[MetaKey] is JsonObject own)
            {
                try { return EmbedderDescriptor.FromJson(own.ToJsonString()); }
                catch (System.Text.Json.JsonException) { return null; }
            }
            return null;
        }

        public static async Task<EmbedderDescriptor?> ReadAsync(ElasticsearchCluster transport, string index, CancellationToken ct) =>
            FromMappings(await new IndicesApi(transport).GetMappingAsync(index, ct).ConfigureAwait(false));

        /// <summary>The _meta entry that records <paramref name="descriptor"/> as an index's model (for indices the module did not create).</summary>
        public static JsonObject MetaEntry(EmbedderDescriptor descriptor) =>
            new JsonObject { [MetaKey] = JsonNode.Parse(descriptor.ToJson()) };
    }
}
