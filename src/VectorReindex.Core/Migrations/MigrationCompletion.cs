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
    /// Ends the rollback window of a cut-over migration (Complete-VectorMigration): the record says
    /// Completed, so writers stop keeping the old index current. A migration that moved clusters also
    /// gets the old index write-blocked (index.blocks.write) and its source marker removed, in that
    /// order: a writer that knows only the old cluster and no longer finds the marker then fails
    /// loudly on the old index instead of writing where nobody reads. A same-cluster migration keeps
    /// its old index writable (Switch-IndexAlias -CatchUp can still bring it up to date).
    /// </summary>
    public sealed class MigrationCompletion
    {
        /// <summary>The setting that makes every later document write to the old index fail (403 cluster_block_exception); metadata stays changeable, the index deletable.</summary>
        public const string WriteBlockSetting = "index.blocks.write";

        private readonly ClusterConnection _source;
        private readonly ClusterConnection _target;
        private readonly ILogger _logger;

        public MigrationCompletion(ClusterConnection source, ClusterConnection target, ILogger logger)
        {
            _source = source;
            _target = target;
            _logger = logger;
        }

        /// <summary>The stored record when it may be completed (or already is); a migration not cut over is refused. Changes nothing.</summary>
        public async Task<VectorMigration> CheckAsync(VectorMigration migration, CancellationToken ct)
        {
            var stored = await MigrationStore.ReadAsync(_target.Cluster, migration.Target, ct).ConfigureAwait(false);
            var current = stored != null && stored.Id == migration.Id ? stored : migration;
            current.TargetCluster ??= _target.Identity;
            current.SourceCluster ??= _source.Identity;
            if (current.Phase is not (MigrationPhase.CutOver or MigrationPhase.Completed))
                throw new VectorMigrationException(MigrationErrorCodes.MigrationNotCutOver, MigrationErrorKind.InvalidState,
                    $"The migration of {current.Alias} from {current.Source} to {current.Target} is {current.Phase}: only a cut-over migration has a rollback window to end" +
                    (current.Phase == MigrationPhase.RolledBack ? $" ({current.Source} serves again, and {current.Target} is still kept current for another cutover)." : "."),
                    current.Target);
            return current;
        }

        public async Task<VectorMigration> CompleteAsync(VectorMigration migration, CancellationToken ct)
        {
            var current = await CheckAsync(migration, ct).ConfigureAwait(false);
            if (current.Phase == MigrationPhase.Completed)
            {
                _logger.LogInformation("The migration of {Alias} to {Target} is already completed; nothing to do.", current.Alias, current.Target);
                return current;
            }
            var completed = MigrationStore.Clone(current);
            completed.Phase = MigrationPhase.Completed;
            completed.CompletedAt = DateTimeOffset.UtcNow;
            await MigrationStore.SaveAsync(_target.Cluster, completed, ct).ConfigureAwait(false);
            _logger.LogInformation("Completed the migration of {Alias} to {Target}: {Source} is no longer written.", current.Alias, current.Target, current.Source);
            if (!completed.IsCrossCluster) return completed;

            try
            {
                await new IndicesApi(_source.Cluster).PutSettingsAsync(completed.Source, new JsonObject { [WriteBlockSetting] = true }, ct).ConfigureAwait(false);
            }
            catch (ElasticsearchException ex) when (ex.StatusCode == 404)
            {
                return completed; // the old index was deleted since: nothing is left to block or unmark
            }
            await SourceMarker.RemoveAsync(_source.Cluster, completed.Source, ct).ConfigureAwait(false);
            _logger.LogInformation("Blocked writes to {Source} on cluster {Cluster} ({Setting}) and removed its migration marker.", completed.Source, _source.ClusterName, WriteBlockSetting);
            return completed;
        }
    }
}
