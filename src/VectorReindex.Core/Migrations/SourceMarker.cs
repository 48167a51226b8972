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

        public SourceMarker(string migrationId, string alias, string targetIndex, string? targetAlias, ClusterIdentity targetCluster, DateTimeOffset createdAt)
        {
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

        public static SourceMarker For(VectorMigration migration) =>
            new SourceMarker(migration.Id, migration.Alias, migration.Target, migration.TargetAlias,
                migration.TargetCluster ?? throw new ArgumentException("The migration names no target cluster.", nameof(migration)), migration.CreatedAt);

        public JsonObject ToJson() => new JsonObject
        {
            ["migration_id"] = MigrationId,
            ["alias"] = Alias,
            ["target_index"] = TargetIndex,
            ["target_alias"] = TargetAlias,
            ["target_cluster"] = new JsonObject
            {
                ["name"] = TargetCluster.Name,
                ["uuid"] = TargetCluster.Uuid,
                ["uris"] = new JsonArray(TargetCluster.Uris.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
            },
            ["created_at"] = CreatedAt.ToString("O"),
        };

        /// <summary>The marker in a mappings object's _meta, or null when it has none (or one this build cannot read).</summary>
        public static SourceMarker? FromMappings(JsonObject? mappings)
        {
            if (mappings?["_meta"]?[MetaKey] is not JsonObject m || m["target_cluster"] is not JsonObject c) return null;
            var uris = c["uris"] is JsonArray a ? a.Select(u => u?.ToString() ?? "").ToList() : new System.Collections.Generic.List<string>();
            var created = DateTimeOffset.TryParse(m["created_at"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
            return new SourceMarker(m["migration_id"]?.ToString() ?? "", m["alias"]?.ToString() ?? "", m["target_index"]?.ToString() ?? "",
                m["target_alias"]?.ToString(), new ClusterIdentity(c["name"]?.ToString() ?? "", c["uuid"]?.ToString() ?? "", uris), created);
        }

        public static async Task<SourceMarker?> ReadAsync(ElasticsearchCluster source, string index, CancellationToken ct) =>
            FromMappings(await new IndicesApi(source).GetMappingAsync(index, ct).ConfigureAwait(false));

        /// <summary>Writes the marker into <paramref name="index"/>'s _meta, keeping every other key there.</summary>
        public Task WriteAsync(ElasticsearchCluster source, string index, CancellationToken ct) =>
            MigrationStore.SaveMetaAsync(source, index, MetaKey, ToJson(), ct);

        public override string ToString() => $"{Alias}: migrating to {TargetIndex} on cluster {TargetCluster.Name}";
    }
}
