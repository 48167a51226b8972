using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The marker a migration to another cluster leaves in the source index's mapping
    /// <c>_meta.vectorreindex_target</c>: which cluster and index the migration writes, so a
    /// dual-writer that knows only the old cluster discovers the new one. The record itself stays on
    /// the target (<see cref="MigrationStore"/>).
    /// </summary>
    public sealed class SourceMarker
    {
        public const string MetaKey = "vectorreindex_target";

        public SourceMarker(string migrationId, string alias, string targetIndex, string? targetAlias, ClusterIdentity targetCluster, DateTimeOffset createdAt,
            MigrationPhase? phase = null, ClusterIdentity? servingCluster = null)
        {
            Phase = phase;
            ServingCluster = servingCluster;
            MigrationId = migrationId;
            Alias = alias;
            TargetIndex = targetIndex;
            TargetAlias = targetAlias;
            TargetCluster = targetCluster;
            CreatedAt = createdAt;
        }

        public string MigrationId { get; }

        public string Alias { get; }

        public string TargetIndex { get; }

        public string? TargetAlias { get; }

        public ClusterIdentity TargetCluster { get; }

        public DateTimeOffset CreatedAt { get; }

        /// <summary>The migration's phase when the marker was last written (the record on the target decides; this is for people reading _meta).</summary>
        public MigrationPhase? Phase { get; }

        /// <summary>The cluster applications use, as of the last cutover or rollback; null before the first.</summary>
        public ClusterIdentity? ServingCluster { get; }

        public static SourceMarker For(VectorMigration migration) =>
            new SourceMarker(migration.Id, migration.Alias, migration.Target, migration.TargetAlias,
                migration.TargetCluster ?? throw new ArgumentException("The migration names no target cluster.", nameof(migration)), migration.CreatedAt,
                migration.Phase, migration.ServingCluster);

        public JsonObject ToJson() => new JsonObject
        {
            ["migration_id"] = MigrationId,
            ["alias"] = Alias,
            ["target_index"] = TargetIndex,
            ["target_alias"] = TargetAlias,
            ["target_cluster"] = IdentityJson(TargetCluster),
            ["created_at"] = CreatedAt.ToString("O"),
            ["phase"] = Phase?.ToString(),
            ["serving_cluster"] = ServingCluster == null ? null : IdentityJson(ServingCluster),
        };

        private static JsonObject IdentityJson(ClusterIdentity cluster) => new JsonObject
        {
            ["name"] = cluster.Name,
            ["uuid"] = cluster.Uuid,
            ["uris"] = new JsonArray(cluster.Uris.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
        };

        private static ClusterIdentity? IdentityFrom(JsonNode? node)
        {
            if (node is not JsonObject c) return null;
            var uris = c["uris"] is JsonArray a ? a.Select(u => u?.ToString() ?? "").ToList() : new System.Collections.Generic.List<string>();
            return new ClusterIdentity(c["name"]?.ToString() ?? "", c["uuid"]?.ToString() ?? "", uris);
        }

        /// <summary>The marker in a mappings object's _meta, or null when it has none (or one this build cannot read).</summary>
        public static SourceMarker? FromMappings(JsonObject? mappings)
        {
            if (mappings?["_meta"]?[MetaKey] is not JsonObject m || IdentityFrom(m["target_cluster"]) is not { } target) return null;
            var created = DateTimeOffset.TryParse(m["created_at"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
            MigrationPhase? phase = Enum.TryParse<MigrationPhase>(m["phase"]?.ToString(), out var p) ? p : null;
            return new SourceMarker(m["migration_id"]?.ToString() ?? "", m["alias"]?.ToString() ?? "", m["target_index"]?.ToString() ?? "",
                m["target_alias"]?.ToString(), target, created, phase, IdentityFrom(m["serving_cluster"]));
        }

        public static async Task<SourceMarker?> ReadAsync(ElasticsearchCluster source, string index, CancellationToken ct) =>
            FromMappings(await new IndicesApi(source).GetMappingAsync(index, ct).ConfigureAwait(false));

        /// <summary>Writes the marker into <paramref name="index"/>'s _meta, keeping every other key there.</summary>
        public Task WriteAsync(ElasticsearchCluster source, string index, CancellationToken ct) =>
            MigrationStore.SaveMetaAsync(source, index, MetaKey, ToJson(), ct);

        /// <summary>Takes the marker out of <paramref name="index"/>'s _meta, keeping every other key there (Complete-VectorMigration).</summary>
        public static Task RemoveAsync(ElasticsearchCluster source, string index, CancellationToken ct) =>
            MigrationStore.RemoveMetaAsync(source, index, MetaKey, ct);

        public override string ToString() => $"{Alias}: migrating to {TargetIndex} on cluster {TargetCluster.Name}";
    }
}
