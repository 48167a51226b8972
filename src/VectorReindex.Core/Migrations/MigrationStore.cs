using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Reads and writes a migration's state in its target index's mapping _meta.</summary>
    public static class MigrationStore
    {
        public static JsonObject ToJson(VectorMigration migration) =>
            JsonSerializer.SerializeToNode(migration, MigrationJsonContext.Default.VectorMigration)!.AsObject();

        /// <summary>A deep copy of the stored state (connections carried over), for saving while workers keep changing the original.</summary>
        public static VectorMigration Clone(VectorMigration migration)
        {
            var copy = ToJson(migration).Deserialize(MigrationJsonContext.Default.VectorMigration)!;
            copy.SourceCluster = migration.SourceCluster;
            copy.TargetCluster = migration.TargetCluster;
            return copy;
        }

        /// <summary>The migration in a mappings object's _meta, or null when it has none.</summary>
        public static VectorMigration? FromMappings(JsonObject? mappings)
        {
            if (mappings?["_meta"]?[VectorMigration.MetaKey] is not JsonObject state) return null;
            try
            {
                return state.Deserialize(MigrationJsonContext.Default.VectorMigration);
            }
            catch (JsonException)
            {
                return null; // written by something else under our key: not a migration we can read
            }
        }

        public static async Task<VectorMigration?> ReadAsync(ElasticsearchCluster transport, string index, CancellationToken ct) =>
            FromMappings(await new IndicesApi(transport).GetMappingAsync(index, ct).ConfigureAwait(false));

        /// <summary>Saves the state, keeping any other _meta keys the application put there.</summary>
        public static async Task SaveAsync(ElasticsearchCluster transport, VectorMigration migration, CancellationToken ct)
        {
            migration.UpdatedAt = DateTimeOffset.UtcNow;
            var indices = new IndicesApi(transport);
            var mappings = await indices.GetMappingAsync(migration.Target, ct).ConfigureAwait(false);
            var meta = mappings["_meta"] is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
            meta[VectorMigration.MetaKey] = ToJson(migration);
            await indices.PutMappingAsync(migration.Target, new JsonObject { ["_meta"] = meta }, ct).ConfigureAwait(false);
        }
    }
}
