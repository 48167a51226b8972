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

        /// <summary>A deep copy of the record: the new record a stage works on and returns, or a snapshot to save while workers keep changing it.</summary>
        public static VectorMigration Clone(VectorMigration migration) =>
            ToJson(migration).Deserialize(MigrationJsonContext.Default.VectorMigration)!;

        /// <summary>
        /// The migration in a mappings object's _meta, or null when it has none. A record without
        /// schema_version is version 1 (read as is); one from a newer format is refused, since
        /// saving it back would drop what this build does not know.
        /// </summary>
        public static VectorMigration? FromMappings(JsonObject? mappings, string? index = null)
        {
            if (mappings?["_meta"]?[VectorMigration.MetaKey] is not JsonObject state) return null;
            var version = state["schema_version"] is JsonValue v && v.TryGetValue(out int n) ? n : 1;
            if (version > VectorMigration.CurrentSchemaVersion)
                throw new VectorMigrationException(MigrationErrorCodes.RecordSchemaUnsupported, MigrationErrorKind.InvalidState,
                    $"The migration record on {index ?? "the index"} has schema version {version}; this build reads versions 1 to {VectorMigration.CurrentSchemaVersion}. It was written by a newer VectorReindex.",
                    index);
            try
            {
                var migration = state.Deserialize(MigrationJsonContext.Default.VectorMigration);
                if (migration != null) migration.SchemaVersion = version;
                return migration;
            }
            catch (JsonException)
            {
                return null; // written by something else under our key: not a migration we can read
            }
        }

        public static async Task<VectorMigration?> ReadAsync(ElasticsearchCluster transport, string index, CancellationToken ct) =>
            FromMappings(await new IndicesApi(transport).GetMappingAsync(index, ct).ConfigureAwait(false), index);

        /// <summary>Saves the state, keeping any other _meta keys the application put there.</summary>
        public static async Task SaveAsync(ElasticsearchCluster transport, VectorMigration migration, CancellationToken ct)
        {
            migration.UpdatedAt = DateTimeOffset.UtcNow;
            migration.SchemaVersion = VectorMigration.CurrentSchemaVersion;
            await SaveMetaAsync(transport, migration.Target, VectorMigration.MetaKey, ToJson(migration), ct).ConfigureAwait(false);
        }

        /// <summary>Sets one key of an index mapping's _meta, keeping every other key (PUT _mapping replaces _meta whole).</summary>
        internal static async Task SaveMetaAsync(ElasticsearchCluster transport, string index, string key, JsonNode? value, CancellationToken ct)
        {
            var indices = new IndicesApi(transport);
            var mappings = await indices.GetMappingAsync(index, ct).ConfigureAwait(false);
            var meta = mappings["_meta"] is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
            meta[key] = value;
            await indices.PutMappingAsync(index, new JsonObject { ["_meta"] = meta }, ct).ConfigureAwait(false);
        }

        /// <summary>Removes one key of an index mapping's _meta, keeping every other key; nothing to do when it is not there.</summary>
        internal static async Task RemoveMetaAsync(ElasticsearchCluster transport, string index, string key, CancellationToken ct)
        {
            var indices = new IndicesApi(transport);
            var mappings = await indices.GetMappingAsync(index, ct).ConfigureAwait(false);
            if (mappings["_meta"] is not JsonObject existing || !existing.ContainsKey(key)) return;
            var meta = (JsonObject)existing.DeepClone();
            meta.Remove(key);
            await indices.PutMappingAsync(index, new JsonObject { ["_meta"] = meta }, ct).ConfigureAwait(false);
        }
    }
}
