using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The cutover and rollback of a migration whose target lives on another cluster. The alias
    /// cannot move between clusters: the cutover makes the target alias the write alias of the
    /// target index on the target cluster (one _aliases request there), and the record and the
    /// source marker name the cluster applications use now (<see cref="VectorMigration.ServingCluster"/>);
    /// the old cluster's alias is left as it is, so readers still on it keep working while they switch.
    /// A rollback names the old cluster again and leaves the target alias in place for readers but
    /// not for writes (is_write_index false), so a writer still on the new cluster fails loudly
    /// instead of writing the cluster nobody serves from.
    /// </summary>
    public sealed class CrossClusterCutover
    {
        private readonly ClusterConnection _source;
        private readonly ClusterConnection _target;
        private readonly ILogger _logger;

        public CrossClusterCutover(ClusterConnection source, ClusterConnection target, ILogger logger)
        {
            _source = source;
            _target = target;
            _logger = logger;
        }

        public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Restores the target's settings, checks parity (unless forced), points the target alias at the target index and records the switch on both clusters.</summary>
        public async Task<VectorMigration> CutOverAsync(VectorMigration migration, bool force, CancellationToken ct)
        {
            if (migration.Phase == MigrationPhase.Completed)
                throw Completed(migration);
            if (migration.Phase == MigrationPhase.CutOver)
            {
                _logger.LogInformation("The migration of {Alias} to {Target} on cluster {Cluster} is already cut over; nothing to do.", migration.Alias, migration.Target, _target.ClusterName);
                return migration;
            }
            if (migration.Phase == MigrationPhase.BackfillIncomplete)
                throw new VectorMigrationException(MigrationErrorCodes.BackfillIncomplete, MigrationErrorKind.InvalidState,
                    $"Not cutting alias {migration.Alias} over to {migration.Target} on cluster {_target.ClusterName}: its backfill is incomplete ({migration.Backfill}), so documents are missing from it. " +
                    "A delta pass copies them once their cause is fixed.", migration.Target);
            var targetIndices = new IndicesApi(_target.Cluster);
            await AliasCutover.PrepareAsync(targetIndices, migration, migration.Target, HealthTimeout, _logger, ct).ConfigureAwait(false);
            if (!force) AliasCutover.RequireFreshParity(migration, migration.Alias, migration.Target, _logger);

            var at = DateTimeOffset.UtcNow;
            var sourceMappings = await new IndicesApi(_source.Cluster).GetMappingAsync(migration.Source, ct).ConfigureAwait(false);
            var lineage = LineageStore.FromMappings(sourceMappings, migration.Alias, migration.Source);
            await LineageStore.SaveAsync(_target.Cluster, migration.Target, lineage.Then(migration.Target, GenerationEntry.CutOver, at), ct).ConfigureAwait(false);

            var alias = migration.AliasOnTarget;
            var actions = new JsonArray();
            foreach (var index in (await targetIndices.GetAliasAsync(alias, ct).ConfigureAwait(false)).Keys)
                if (index != migration.Target) actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = index, ["alias"] = alias } });
            actions.Add(new JsonObject { ["add"] = await AliasEntryAsync(migration, alias, isWriteIndex: true, ct).ConfigureAwait(false) });
            await targetIndices.UpdateAliasesAsync(actions, ct).ConfigureAwait(false);
            _logger.LogInformation("Alias {Alias} on cluster {Cluster} now writes to {Target}; applications switch to that cluster ({Uris}).",
                alias, _target.ClusterName, migration.Target, string.Join(", ", _target.Identity.Uris));

            return await RecordAsync(migration, MigrationPhase.CutOver, at, _target.Identity, ct).ConfigureAwait(false);
        }

        /// <summary>Checks the old index holds what the new one does (unless forced), names the old cluster as serving again, and takes writes off the target alias.</summary>
        public async Task<VectorMigration> RollBackAsync(VectorMigration migration, bool force, CancellationToken ct)
        {
            if (migration.Phase == MigrationPhase.Completed)
                throw Completed(migration);
            if (migration.Phase == MigrationPhase.RolledBack)
            {
                _logger.LogInformation("The migration of {Alias} to {Target} is already rolled back; nothing to do.", migration.Alias, migration.Target);
                return migration;
            }
            if (migration.Phase != MigrationPhase.CutOver)
                throw new VectorMigrationException(MigrationErrorCodes.MigrationNotCutOver, MigrationErrorKind.InvalidState,
                    $"The migration of {migration.Alias} to {migration.Target} on cluster {_target.ClusterName} is {migration.Phase}, not cut over: the old cluster serves already, there is nothing to roll back.", migration.Target);
            var sourceIndices = new IndicesApi(_source.Cluster);
            var targetIndices = new IndicesApi(_target.Cluster);
            await AliasCutover.PrepareAsync(sourceIndices, null, migration.Source, HealthTimeout, _logger, ct).ConfigureAwait(false);
            if (!force) await AliasCutover.RequireSameCountAsync(targetIndices, migration.Target, sourceIndices, migration.Source, migration.Alias, _logger, ct).ConfigureAwait(false);

            var at = DateTimeOffset.UtcNow;
            var targetMappings = await targetIndices.GetMappingAsync(migration.Target, ct).ConfigureAwait(false);
            var lineage = LineageStore.FromMappings(targetMappings, migration.Alias, migration.Target);
            await LineageStore.SaveAsync(_source.Cluster, migration.Source, lineage.Then(migration.Source, GenerationEntry.RolledBack, at), ct).ConfigureAwait(false);

            var alias = migration.AliasOnTarget;
            await targetIndices.UpdateAliasesAsync(new JsonArray(new JsonObject { ["add"] = await AliasEntryAsync(migration, alias, isWriteIndex: false, ct).ConfigureAwait(false) }), ct).ConfigureAwait(false);
            _logger.LogInformation("Rolled {Alias} back to {Source} on cluster {Cluster}; alias {TargetAlias} on cluster {TargetCluster} still reads {Target} but takes no writes.",
                migration.Alias, migration.Source, _source.ClusterName, alias, _target.ClusterName, migration.Target);

            return await RecordAsync(migration, MigrationPhase.RolledBack, at, _source.Identity, ct).ConfigureAwait(false);
        }

        /// <summary>A new record of the switch: saved on the target (which decides), then as the marker on the source (for whoever reads the old cluster's _meta).</summary>
        private async Task<VectorMigration> RecordAsync(VectorMigration migration, MigrationPhase phase, DateTimeOffset at, ClusterIdentity serving, CancellationToken ct)
        {
            var updated = MigrationStore.Clone(migration);
            updated.Phase = phase;
            updated.CutoverAt = at;
            updated.ServingCluster = serving;
            await MigrationStore.SaveAsync(_target.Cluster, updated, ct).ConfigureAwait(false);
            await SourceMarker.For(updated).WriteAsync(_source.Cluster, updated.Source, ct).ConfigureAwait(false);
            return updated;
        }

        /// <summary>The alias entry on the target, with the filter and routing the alias has on the source cluster.</summary>
        private async Task<JsonObject> AliasEntryAsync(VectorMigration migration, string alias, bool isWriteIndex, CancellationToken ct)
        {
            var add = new JsonObject { ["index"] = migration.Target, ["alias"] = alias, ["is_write_index"] = isWriteIndex };
            var sourceEntries = await new IndicesApi(_source.Cluster).GetAliasAsync(migration.Alias, ct).ConfigureAwait(false);
            if (sourceEntries.TryGetValue(migration.Source, out var entry) && entry.Aliases.TryGetValue(migration.Alias, out var props))
            {
                if (props.Filter != null) add["filter"] = props.Filter.DeepClone();
                if (props.IndexRouting != null) add["index_routing"] = props.IndexRouting;
                if (props.SearchRouting != null) add["search_routing"] = props.SearchRouting;
            }
            return add;
        }

        internal static VectorMigrationException Completed(VectorMigration migration) =>
            new VectorMigrationException(MigrationErrorCodes.MigrationCompleted, MigrationErrorKind.InvalidState,
                $"The migration of {migration.Alias} from {migration.Source} to {migration.Target} was completed ({migration.CompletedAt:u}): its rollback window is closed and {migration.Source} is no longer kept current.",
                migration.Target);
    }
}
