using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Moves an alias from one index to another in one atomic _aliases request, after restoring the
    /// new index's refresh interval and replicas, waiting for it to be at least yellow, and checking
    /// parity. A rollback is the same move pointed at the old index.
    /// </summary>
    public sealed class AliasCutover
    {
        private readonly ElasticsearchCluster _transport;
        private readonly ILogger _logger;
        private readonly IndicesApi _indices;

        public AliasCutover(ElasticsearchCluster transport, ILogger logger)
        {
            _transport = transport;
            _logger = logger;
            _indices = new IndicesApi(transport);
        }

        public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Reads the alias, both indexes and the alias's lineage, and judges the move
        /// (<see cref="CutoverGuard"/>); changes nothing. A refused move throws here, so -WhatIf shows it too.
        /// </summary>
        public async Task<AliasSwitchPlan> PlanAsync(string alias, string to, string? from, CancellationToken ct) =>
            await PlanAsync(alias, to, from, force: false, allowModelChange: false, catchUp: false, ct).ConfigureAwait(false);

        public async Task<AliasSwitchPlan> PlanAsync(string alias, string to, string? from, bool force, bool allowModelChange, bool catchUp, CancellationToken ct)
        {
            var entries = await _indices.GetAliasAsync(alias, ct).ConfigureAwait(false);
            if (entries.Count == 0)
                throw new VectorMigrationException(MigrationErrorCodes.AliasNotFound, MigrationErrorKind.NotFound,
                    $"Alias '{alias}' does not exist, so there is nothing to switch. Check the name (GET /_cat/aliases).", alias);
            from ??= await AliasResolver.ResolveWriteIndexAsync(_transport, alias, ct).ConfigureAwait(false);
            if (!await _indices.ExistsAsync(to, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.IndexNotFound, MigrationErrorKind.NotFound, $"Index {to} does not exist; the alias cannot point to it.", to);

            var liveMappings = await _indices.ExistsAsync(from, ct).ConfigureAwait(false) ? await _indices.GetMappingAsync(from, ct).ConfigureAwait(false) : new JsonObject();
            var lineage = LineageStore.FromMappings(liveMappings, alias, from);
            var actions = new JsonArray();
            if (entries.TryGetValue(to, out var toEntry) && !entries.ContainsKey(from) ||
                from == to)
                return new AliasSwitchPlan(alias, from, to, actions, MigrationStore.FromMappings(liveMappings, from), AliasSwitchKind.NoOp, lineage);
            if (!entries.TryGetValue(from, out var fromEntry))
                throw new VectorMigrationException(MigrationErrorCodes.AliasNotOnIndex, MigrationErrorKind.InvalidArgument,
                    $"Alias '{alias}' does not point to {from}, so it cannot be moved from there. It points to: {string.Join(", ", entries.Keys)}.", from);

            var add = new JsonObject { ["index"] = to, ["alias"] = alias, ["is_write_index"] = true };
            if (fromEntry.Aliases.TryGetValue(alias, out var props))
            {
                if (props.Filter != null) add["filter"] = props.Filter.DeepClone();
                if (props.IndexRouting != null) add["index_routing"] = props.IndexRouting;
                if (props.SearchRouting != null) add["search_routing"] = props.SearchRouting;
            }
            if (toEntry != null)
                actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = to, ["alias"] = alias } });
            actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = from, ["alias"] = alias } });
            actions.Add(new JsonObject { ["add"] = add });

            var toMappings = await _indices.GetMappingAsync(to, ct).ConfigureAwait(false);
            var (kind, migration) = CutoverGuard.Judge(alias, from, to, liveMappings, toMappings, lineage, force, allowModelChange, catchUp);
            // Dual-write keeps one migration target of an alias current; a second one would miss writes.
            if (kind == AliasSwitchKind.CatchUp && await MigrationDiscovery.FindInFlightAsync(_transport, alias, ct).ConfigureAwait(false) is { } inFlight && inFlight.Target != to)
                throw new VectorMigrationException(MigrationErrorCodes.MigrationInFlight, MigrationErrorKind.InvalidState,
                    $"Not catching {to} up: the migration of alias {alias} from {inFlight.Source} to {inFlight.Target} is in flight ({inFlight.Phase}), " +
                    $"and dual-write keeps only one target current, so {to} would miss writes after its delta.", to);
            return new AliasSwitchPlan(alias, from, to, actions, migration, kind, lineage);
        }

        /// <summary>
        /// Prepares the new index, checks parity (unless forced) and makes the switch; the plan's
        /// record is left as it was. The lineage with this move is written on the new index before
        /// the move, so the index the alias serves always carries it.
        /// </summary>
        public async Task<AliasSwitchResult> ExecuteAsync(AliasSwitchPlan plan, bool force, CancellationToken ct)
        {
            if (plan.Kind == AliasSwitchKind.CatchUp)
                throw new InvalidOperationException("A catch-up switch runs its delta first (MigrationEngine.SwitchAliasAsync) and is then planned again as a forward one.");
            if (plan.IsNoOp)
            {
                _logger.LogInformation("Alias {Alias} already points to {To}; nothing to do.", plan.Alias, plan.To);
                return new AliasSwitchResult(new AliasSwitchRecord(plan.Alias, plan.From, plan.To, DateTimeOffset.UtcNow), plan.Migration);
            }
            // Documents are known to be missing from the target: no count or force makes that a cutover.
            if (plan.Kind == AliasSwitchKind.Forward && plan.Migration is { Phase: MigrationPhase.BackfillIncomplete } incomplete)
                throw new VectorMigrationException(MigrationErrorCodes.BackfillIncomplete, MigrationErrorKind.InvalidState,
                    $"Not switching alias {plan.Alias} to {plan.To}: its backfill is incomplete ({incomplete.Backfill}), so documents are missing from it. " +
                    "A delta pass copies them once their cause is fixed.", plan.To);
            await PrepareAsync(_indices, plan.Kind == AliasSwitchKind.Forward ? plan.Migration : null, plan.To, HealthTimeout, _logger, ct).ConfigureAwait(false);

            if (!force) await CheckParityAsync(plan, ct).ConfigureAwait(false);

            var at = DateTimeOffset.UtcNow;
            await LineageStore.SaveAsync(_transport, plan.To, plan.Lineage.Then(plan.To, plan.IsRollback ? GenerationEntry.RolledBack : GenerationEntry.CutOver, at), ct).ConfigureAwait(false);
            await _indices.UpdateAliasesAsync(plan.Actions, ct).ConfigureAwait(false);
            _logger.LogInformation("Switched alias {Alias}: {From} -> {To}.", plan.Alias, plan.From, plan.To);

            VectorMigration? updated = null;
            if (plan.Migration != null)
            {
                updated = MigrationStore.Clone(plan.Migration);
                updated.Phase = plan.IsRollback ? MigrationPhase.RolledBack : MigrationPhase.CutOver;
                updated.CutoverAt = at;
                updated.ServingCluster = plan.IsRollback ? updated.SourceCluster : updated.TargetCluster;
                await MigrationStore.SaveAsync(_transport, updated, ct).ConfigureAwait(false);
            }
            return new AliasSwitchResult(new AliasSwitchRecord(plan.Alias, plan.From, plan.To, at), updated);
        }

        /// <summary>
        /// Gets the index a cutover moves to ready to serve: the migration's target gets the source's
        /// refresh interval, replicas and gc_deletes back (<paramref name="migration"/> null: a
        /// rollback, nothing to restore), is refreshed, and must reach yellow health.
        /// </summary>
        internal static async Task PrepareAsync(IndicesApi indices, VectorMigration? migration, string index, TimeSpan healthTimeout, ILogger logger, CancellationToken ct)
        {
            if (migration != null)
            {
                var restore = new JsonObject
                {
                    ["index"] = new JsonObject
                    {
                        ["refresh_interval"] = migration.OriginalRefreshInterval,
                        ["number_of_replicas"] = migration.OriginalReplicas ?? "1",
                    },
                };
                if (migration.TargetGcDeletes is { } gcDeletes) restore["index"]!["gc_deletes"] = gcDeletes.Value;
                await indices.PutSettingsAsync(index, restore, ct).ConfigureAwait(false);
                logger.LogInformation("Restored {Index} refresh_interval={Refresh} and number_of_replicas={Replicas}.",
                    index, migration.OriginalRefreshInterval ?? "(default)", migration.OriginalReplicas ?? "1");
            }
            await indices.RefreshAsync(index, ct).ConfigureAwait(false);
            if (!await indices.WaitForHealthAsync(index, "yellow", healthTimeout, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.TargetNotHealthy, MigrationErrorKind.Timeout,
                    $"Index {index} did not reach yellow health within {healthTimeout.TotalSeconds:0} s, so the alias was not moved. Check GET /_cluster/allocation/explain and retry.", index);
        }

        /// <summary>A forward cutover needs a passing parity check newer than the migration's last delta pass.</summary>
        internal static void RequireFreshParity(VectorMigration migration, string alias, string to, ILogger logger)
        {
            if (!CutoverGuard.HasFreshParity(migration))
                throw new VectorMigrationException(MigrationErrorCodes.ParityFailed, MigrationErrorKind.VerificationFailed,
                    $"Not switching alias {alias} to {to}: " + (migration.Parity is { Passed: false } failed
                        ? $"the parity check of {failed.At:u} failed ({string.Join("; ", failed.Problems)})."
                        : "it has no passing parity check newer than its last delta pass."),
                    to);
            logger.LogInformation("Parity: accepted the passing check of {At:u}, made after the last delta pass.", migration.Parity!.At);
        }

        /// <summary>Each index reached by its own cluster must hold as many documents as the other (a rollback's check).</summary>
        internal static async Task RequireSameCountAsync(IndicesApi fromIndices, string from, IndicesApi toIndices, string to, string alias, ILogger logger, CancellationToken ct)
        {
            await fromIndices.RefreshAsync(from, ct).ConfigureAwait(false);
            await toIndices.RefreshAsync(to, ct).ConfigureAwait(false);
            var fromCount = await fromIndices.CountAsync(from, ct).ConfigureAwait(false);
            var toCount = await toIndices.CountAsync(to, ct).ConfigureAwait(false);
            if (fromCount != toCount)
                throw new VectorMigrationException(MigrationErrorCodes.ParityFailed, MigrationErrorKind.VerificationFailed,
                    $"Not switching alias {alias}: {from} has {fromCount} documents and {to} has {toCount}. " +
                    "The target has not caught up with the source.", to);
            logger.LogInformation("Parity: {From} and {To} both have {Count} documents.", from, to, fromCount);
        }

        private async Task CheckParityAsync(AliasSwitchPlan plan, CancellationToken ct)
        {
            if (plan.Kind == AliasSwitchKind.Forward)
            {
                RequireFreshParity(plan.Migration!, plan.Alias, plan.To, _logger);
                return;
            }
            await RequireSameCountAsync(_indices, plan.From, _indices, plan.To, plan.Alias, _logger, ct).ConfigureAwait(false);
        }
    }
}
