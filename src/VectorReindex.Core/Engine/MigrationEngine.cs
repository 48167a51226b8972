using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Documents;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Indexes;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Metadata;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Parity;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Core.Engine
{
    /// <summary>
    /// The migration engine over a source and a target cluster (the same one for most
    /// migrations): one method per stage, each taking its options and an observer and returning a
    /// new record, which it has saved in the target's _meta where the stage changes it. The
    /// record passed in is never changed. Every host (the cmdlets, Invoke-RollingReindex's
    /// <see cref="RollingReindex"/>, a program) runs migrations through these methods, so no two
    /// paths can drift. Holds no state between calls; safe to share.
    /// </summary>
    public sealed class MigrationEngine
    {
        private readonly ClusterConnection _source;
        private readonly ClusterConnection _target;

        public MigrationEngine(ClusterConnection cluster)
            : this(cluster, cluster)
        {
        }

        public MigrationEngine(ClusterConnection source, ClusterConnection target)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _target = target ?? throw new ArgumentNullException(nameof(target));
        }

        /// <summary>Where source indexes are read.</summary>
        public ClusterConnection Source => _source;

        /// <summary>Where target indexes are written and migration records live.</summary>
        public ClusterConnection Target => _target;

        // The one place the engine reaches the clusters' REST access.
        private ElasticsearchCluster SourceRest => _source.Cluster;

        private ElasticsearchCluster TargetRest => _target.Cluster;

        /// <summary>Plans the first live index behind a new alias and checks neither exists yet. Changes nothing.</summary>
        public Task<VectorIndexPlan> PlanIndexAsync(VectorIndexOptions options, IMigrationObserver observer, CancellationToken ct) =>
            new VectorIndexService(TargetRest, observer.Logger).PlanAsync(options, ct);

        /// <summary>Creates the planned index with its alias and recorded model in one request.</summary>
        public Task<VectorIndex> CreateIndexAsync(VectorIndexPlan plan, IMigrationObserver observer, CancellationToken ct) =>
            new VectorIndexService(TargetRest, observer.Logger).CreateAsync(plan, ct);

        /// <summary>Resolves the alias's write index and plans the shadow index (create body, record). Changes nothing.</summary>
        public async Task<ShadowIndexPlan> PlanAsync(ShadowIndexOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var plan = await new ShadowIndexService(SourceRest, TargetRest, observer.Logger).PlanAsync(options, ct).ConfigureAwait(false);
            Identify(plan.Migration);
            plan.Body["mappings"]!["_meta"]![VectorMigration.MetaKey] = MigrationStore.ToJson(plan.Migration);
            return plan.Describe(_source.ClusterName, _source.Version, _target.ClusterName, _target.Version, !_source.Identity.IsSameCluster(_target.Identity));
        }

        /// <summary>
        /// Creates the planned shadow index; its record is saved in the same request. A migration to
        /// another cluster then leaves a <see cref="SourceMarker"/> in the source index's _meta.
        /// </summary>
        public async Task<VectorMigration> CreateShadowAsync(ShadowIndexPlan plan, IMigrationObserver observer, CancellationToken ct)
        {
            // The source keeps its tombstones first, so no target exists whose copies could race an expired one.
            if (plan.Migration.SourceGcDeletes is { } sourceGcDeletes)
            {
                try
                {
                    await new IndicesApi(SourceRest).PutSettingsAsync(plan.Migration.Source, DeletesRetention.Body(DeletesRetention.MigrationWindow), ct).ConfigureAwait(false);
                }
                catch (ElasticsearchException ex) when (ex.StatusCode == 404)
                {
                    throw new VectorMigrationException(MigrationErrorCodes.SourceIndexNotFound, MigrationErrorKind.NotFound,
                        $"Source index {plan.Migration.Source} on cluster {_source.ClusterName} no longer exists; nothing was created.", plan.Migration.Source);
                }
                observer.Logger.LogInformation("Raised index.gc_deletes of {Source} from {Original} to {Window} for the migration: deletes stay versioned until cutover.",
                    plan.Migration.Source, sourceGcDeletes, DeletesRetention.MigrationWindow);
            }
            VectorMigration created;
            try
            {
                created = await new ShadowIndexService(TargetRest, observer.Logger).CreateAsync(plan, ct).ConfigureAwait(false);
            }
            catch
            {
                await RestoreSourceGcDeletesAsync(plan.Migration, observer, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            if (!_source.Identity.IsSameCluster(_target.Identity))
            {
                try
                {
                    await SourceMarker.For(created).WriteAsync(SourceRest, created.Source, ct).ConfigureAwait(false);
                }
                catch (ElasticsearchException ex)
                {
                    throw new VectorMigrationException(MigrationErrorCodes.SourceMarkerFailed, MigrationErrorKind.InvalidState,
                        $"Index {created.Target} was created on cluster {_target.ClusterName}, but the marker in the _meta of source index {created.Source} on cluster {_source.ClusterName} could not be written ({ex.Message}). Writers that know only cluster {_source.ClusterName} do not find the migration until it is.",
                        created.Source);
                }
                observer.Logger.LogInformation("Marked source index {Source} on cluster {SourceCluster}: its migration writes {Target} on cluster {TargetCluster}.",
                    created.Source, _source.ClusterName, created.Target, _target.ClusterName);
            }
            return MigrationStore.Clone(created);
        }

        /// <summary>The record on <see cref="MigrationLookup.Target"/> when it migrates from the source, else a new (unsaved) record for the two indexes.</summary>
        public async Task<VectorMigration> ResolveAsync(MigrationLookup lookup, IMigrationObserver observer, CancellationToken ct)
        {
            var recorded = await MigrationStore.ReadAsync(TargetRest, lookup.Target, ct).ConfigureAwait(false);
            if (recorded != null && recorded.Source == lookup.Source) return Recognize(recorded);
            var mappings = await new IndicesApi(TargetRest).GetMappingAsync(lookup.Target, ct).ConfigureAwait(false);
            var field = ShadowIndexPlanner.ChooseVectorField(mappings, lookup.VectorField, lookup.Target);
            var dims = ShadowIndexPlanner.FieldAt(mappings, field)?["dims"] is JsonValue d && d.TryGetValue(out int n) ? n : (int?)null;
            return Identify(new VectorMigration { Source = lookup.Source, Target = lookup.Target, VectorField = field, Dimensions = dims });
        }

        /// <summary>Every migration recorded on the target cluster, oldest first.</summary>
        public async Task<IReadOnlyList<VectorMigration>> ListAsync(IMigrationObserver observer, CancellationToken ct)
        {
            var all = await MigrationDiscovery.ListAsync(TargetRest, ct).ConfigureAwait(false);
            return all.Select(Recognize).ToList();
        }

        /// <summary>The newest migration of <paramref name="alias"/> not yet cut over or rolled back, or null.</summary>
        public async Task<VectorMigration?> FindInFlightAsync(string alias, IMigrationObserver observer, CancellationToken ct)
        {
            var found = await MigrationDiscovery.FindInFlightAsync(TargetRest, alias, ct).ConfigureAwait(false);
            return found == null ? null : Recognize(found);
        }

        /// <summary>
        /// Refuses (MigrationPlanMismatch) to resume <paramref name="inFlight"/> with parameters other
        /// than its plan's, the vector field's similarity, element type and index_options included, as
        /// the target's mapping holds them. Changes nothing.
        /// </summary>
        public async Task CheckResumeAsync(VectorMigration inFlight, ShadowIndexOptions requested, EmbedderDescriptor? embedder, CancellationToken ct)
        {
            var mappings = await new IndicesApi(TargetRest).GetMappingAsync(inFlight.Target, ct).ConfigureAwait(false);
            MigrationPlanGuard.CheckResume(inFlight, requested, embedder, ShadowIndexPlanner.FieldAt(mappings, inFlight.VectorField));
        }

        /// <summary>What <paramref name="alias"/> serves now (on the source cluster, where the alias lives): live index, last migration, vector field and lineage. Changes nothing.</summary>
        public async Task<AliasState> AliasStateAsync(string alias, IMigrationObserver observer, CancellationToken ct)
        {
            var live = await AliasResolver.ResolveWriteIndexAsync(SourceRest, alias, ct).ConfigureAwait(false);
            var mappings = await new IndicesApi(SourceRest).GetMappingAsync(live, ct).ConfigureAwait(false);
            var record = MigrationStore.FromMappings(mappings, live);
            var last = record is { TargetServes: true } r && r.Alias == alias && r.Target == live ? Recognize(r) : null;
            var field = CutoverGuard.ServedVectorField(live, mappings, last);
            return new AliasState(alias, live, last, field, field == null ? null : ShadowIndexPlanner.FieldAt(mappings, field), LineageStore.FromMappings(mappings, alias, live));
        }

        /// <summary>
        /// Gives up a migration before its cutover: its record is marked Abandoned, so writers stop
        /// writing to its target and no stage resumes it; the index itself is left for the operator to remove.
        /// </summary>
        public async Task<VectorMigration> AbandonAsync(VectorMigration migration, IMigrationObserver observer, CancellationToken ct)
        {
            var entries = await new IndicesApi(TargetRest).GetAliasAsync(migration.Alias, ct).ConfigureAwait(false);
            if (entries.ContainsKey(migration.Target))
                throw new VectorMigrationException(MigrationErrorCodes.LiveIndexInFlight, MigrationErrorKind.InvalidState,
                    $"Not abandoning the migration to {migration.Target}: alias {migration.Alias} points to it, and an index the alias serves is never given up.", migration.Target);
            var abandoned = Identify(MigrationStore.Clone(migration));
            abandoned.Phase = MigrationPhase.Abandoned;
            await MigrationStore.SaveAsync(TargetRest, abandoned, ct).ConfigureAwait(false);
            await RestoreSourceGcDeletesAsync(abandoned, observer, ct).ConfigureAwait(false);
            observer.Logger.LogWarning("Abandoned the migration {Source} -> {Target} of {Alias}; {Target} is no longer written to and is left in place.", migration.Source, migration.Target, migration.Alias, migration.Target);
            return abandoned;
        }

        /// <summary>Gives the source back the index.gc_deletes the migration raised, once the migration no longer needs it.</summary>
        private async Task RestoreSourceGcDeletesAsync(VectorMigration migration, IMigrationObserver observer, CancellationToken ct)
        {
            if (migration.SourceGcDeletes is not { } original) return;
            try
            {
                await new IndicesApi(SourceRest).PutSettingsAsync(migration.Source, DeletesRetention.Body(original.Value), ct).ConfigureAwait(false);
                observer.Logger.LogInformation("Restored index.gc_deletes of {Source} to {Original}.", migration.Source, original);
            }
            catch (ElasticsearchException ex) when (ex.StatusCode == 404)
            {
                // A source deleted since: nothing is left to restore.
            }
        }

        /// <summary>Copies (or re-embeds) every source document into the target, resuming from the record's checkpoints.</summary>
        public async Task<VectorMigration> BackfillAsync(BackfillStageOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var migration = Begin(options);
            await RefuseAbandonedAsync(migration, ct).ConfigureAwait(false);
            MigrationPlanGuard.Apply(migration, options.VectorField, options.TextField, options.Embedder?.Descriptor);
            await MigrationPlanGuard.ValidateFieldsAsync(SourceRest, TargetRest, migration, options.Embedder?.Descriptor, ct).ConfigureAwait(false);
            var generator = Generator(migration, options.Embedder, observer);
            if (options.ServerSide)
            {
                if (generator != null)
                    throw new VectorMigrationException(MigrationErrorCodes.ServerSideNeedsCopy, MigrationErrorKind.InvalidArgument,
                        $"The migration of {migration.Target} re-embeds, and the cluster's _reindex can only copy documents as they are.", migration.Target);
                await new ServerSideReindex(TargetRest, migration, observer.Logger) { Progress = new ObserverProgress(observer) }
                    .RunAsync(options.Backfill.MaxDocsPerSecond, ct).ConfigureAwait(false);
                return migration;
            }
            var runner = new BackfillRunner(SourceRest, TargetRest, migration, await TransformerAsync(migration, generator, ct).ConfigureAwait(false),
                options.Backfill.ForRun(_source.MustAskForVectors), observer.Logger)
            {
                Progress = new ObserverProgress(observer),
                OnFailure = observer.OnDocumentFailure,
            };
            await runner.RunAsync(ct).ConfigureAwait(false);
            return migration;
        }

        /// <summary>Catches the target up with what changed in the source since the backfill began.</summary>
        public async Task<VectorMigration> SyncDeltaAsync(DeltaStageOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var migration = Begin(options);
            await RefuseAbandonedAsync(migration, ct).ConfigureAwait(false);
            MigrationPlanGuard.Apply(migration, null, null, options.Embedder?.Descriptor);
            var generator = Generator(migration, options.Embedder, observer);
            var runner = new DeltaRunner(SourceRest, TargetRest, migration, await TransformerAsync(migration, generator, ct).ConfigureAwait(false),
                options.Delta.ForRun(_source.MustAskForVectors), observer.Logger)
            {
                Progress = new ObserverProgress(observer),
                OnFailure = observer.OnDocumentFailure,
            };
            await runner.RunAsync(ct).ConfigureAwait(false);
            return migration;
        }

        /// <summary>
        /// Compares target and source and records the result on the new record (saved when the
        /// target holds a record). A failed check is not an exception: the record says what differs.
        /// </summary>
        public async Task<VectorMigration> CheckParityAsync(ParityStageOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var migration = Begin(options);
            var generator = Generator(migration, options.Embedder, observer);
            var parity = await new ParityChecker(SourceRest, TargetRest, migration, generator, observer.Logger) { Progress = new ObserverProgress(observer) }
                .CheckAsync(options.SampleSize, options.Queries, options.Seed, ct).ConfigureAwait(false);
            migration.Parity = parity;
            if (parity.Passed && migration.Phase < MigrationPhase.Verified) migration.Phase = MigrationPhase.Verified;
            if (migration.Alias.Length > 0 || await MigrationStore.ReadAsync(TargetRest, migration.Target, ct).ConfigureAwait(false) != null)
                await MigrationStore.SaveAsync(TargetRest, MigrationStore.Clone(migration), ct).ConfigureAwait(false);
            return migration;
        }

        /// <summary>
        /// Reads the alias, both indexes and the alias's lineage and plans one atomic _aliases
        /// request; a move the cutover guard refuses throws here. Changes nothing.
        /// </summary>
        public Task<AliasSwitchPlan> PlanAliasSwitchAsync(AliasSwitchOptions options, IMigrationObserver observer, CancellationToken ct) =>
            new AliasCutover(TargetRest, observer.Logger).PlanAsync(options.Alias, options.To, options.From, options.Force, options.AllowModelChange, options.CatchUp, ct);

        /// <summary>Restores the new index's settings, checks parity unless forced, and moves the alias; a migration between the two is recorded as cut over or rolled back.</summary>
        public Task<AliasSwitchResult> SwitchAliasAsync(AliasSwitchPlan plan, bool force, IMigrationObserver observer, CancellationToken ct) =>
            SwitchAliasAsync(plan, new AliasSwitchOptions { Alias = plan.Alias, To = plan.To, From = plan.From, Force = force }, observer, ct);

        /// <summary>
        /// Makes the planned switch. A catch-up first records the index as a migration target of
        /// the live index (so dual-write keeps it current from then on) and runs a delta into it; a
        /// forward switch without a passing parity check newer than its last delta runs one first.
        /// </summary>
        public async Task<AliasSwitchResult> SwitchAliasAsync(AliasSwitchPlan plan, AliasSwitchOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            if (plan.Kind == AliasSwitchKind.CatchUp)
            {
                await CatchUpAsync(plan, options.Embedder, observer, ct).ConfigureAwait(false);
                plan = await PlanAliasSwitchAsync(new AliasSwitchOptions { Alias = plan.Alias, To = plan.To, From = plan.From, Force = options.Force, AllowModelChange = options.AllowModelChange }, observer, ct).ConfigureAwait(false);
            }
            if (plan.Kind == AliasSwitchKind.Forward && !options.Force && !CutoverGuard.HasFreshParity(plan.Migration!))
            {
                observer.Logger.LogInformation("No passing parity check of {Target} is newer than its last delta pass: checking parity before the cutover.", plan.To);
                plan = plan.With(await CheckParityAsync(new ParityStageOptions(plan.Migration!) { Embedder = options.Embedder }, observer, ct).ConfigureAwait(false));
            }
            var result = await new AliasCutover(TargetRest, observer.Logger).ExecuteAsync(plan, options.Force, ct).ConfigureAwait(false);
            if (plan.Kind == AliasSwitchKind.Forward && result.Migration != null)
                await RestoreSourceGcDeletesAsync(result.Migration, observer, ct).ConfigureAwait(false);
            return result.Migration == null ? result : new AliasSwitchResult(result.Record, Recognize(result.Migration));
        }

        /// <summary>
        /// Turns the index the plan switches to into the target of a migration from the live index,
        /// with the index's own vector field and model, and runs a delta into it.
        /// </summary>
        private async Task<VectorMigration> CatchUpAsync(AliasSwitchPlan plan, VectorEmbedder? embedder, IMigrationObserver observer, CancellationToken ct)
        {
            var indices = new IndicesApi(TargetRest);
            var definition = await indices.GetIndexAsync(plan.To, ct).ConfigureAwait(false)
                ?? throw new VectorMigrationException(MigrationErrorCodes.IndexNotFound, MigrationErrorKind.NotFound, $"Index {plan.To} does not exist; the alias cannot point to it.", plan.To);
            var toMappings = definition.Definition["mappings"] as JsonObject ?? new JsonObject();
            var liveMappings = await indices.GetMappingAsync(plan.From, ct).ConfigureAwait(false);
            var record = CatchUpPlanner.Plan(plan, liveMappings, toMappings, ShadowIndexPlanner.Flatten(definition.Definition["settings"] as JsonObject), embedder?.Descriptor);
            Identify(record);
            await MigrationStore.SaveAsync(TargetRest, record, ct).ConfigureAwait(false);
            observer.Logger.LogInformation("Catching {Target} up with {Source}: recorded as a migration target (dual-written from now on), then a delta pass.", plan.To, plan.From);
            return await SyncDeltaAsync(new DeltaStageOptions(record) { Embedder = embedder }, observer, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Moves the migration's alias from its source to its target. A migration to another cluster
        /// (checked for parity first, unless forced) points the target alias on the target cluster at
        /// the target index and records which cluster applications use now (<see cref="VectorMigration.ServingCluster"/>).
        /// </summary>
        public async Task<VectorMigration> CutOverAsync(CutoverOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var m = options.Migration;
            if (Identify(MigrationStore.Clone(m)).IsCrossCluster)
            {
                var migration = Begin(options);
                if (!options.Force && !CutoverGuard.HasFreshParity(migration) && migration.Phase != MigrationPhase.CutOver && migration.Phase != MigrationPhase.Completed)
                {
                    observer.Logger.LogInformation("No passing parity check of {Target} is newer than its last delta pass: checking parity before the cutover.", migration.Target);
                    migration = await CheckParityAsync(new ParityStageOptions(migration) { Embedder = options.Embedder }, observer, ct).ConfigureAwait(false);
                }
                var cutOver = await new CrossClusterCutover(_source, _target, observer.Logger).CutOverAsync(migration, options.Force, ct).ConfigureAwait(false);
                await RestoreSourceGcDeletesAsync(cutOver, observer, ct).ConfigureAwait(false);
                return Recognize(cutOver);
            }
            var plan = await PlanAliasSwitchAsync(new AliasSwitchOptions { Alias = m.Alias, To = m.Target, From = m.Source }, observer, ct).ConfigureAwait(false);
            var result = await SwitchAliasAsync(plan, options.Force, observer, ct).ConfigureAwait(false);
            return result.Migration ?? Begin(options);
        }

        /// <summary>
        /// What <see cref="CutOverAsync"/> (or, with <paramref name="rollBack"/>, <see cref="RollBackAsync"/>)
        /// does to the migration, between this engine's clusters, in the sentences -WhatIf and -Confirm show. Changes nothing.
        /// </summary>
        public MigrationSwitchPlan PlanMigrationSwitch(CutoverOptions options, bool rollBack) =>
            MigrationSwitchPlan.For(options.Migration, rollBack, _source.ClusterName, _target.ClusterName, !_source.Identity.IsSameCluster(_target.Identity));

        /// <summary>
        /// Moves the migration's alias back from its target to its source (kept current by dual-write).
        /// A migration to another cluster names the source cluster as serving again; the target alias
        /// keeps reading the target index but takes no writes.
        /// </summary>
        public async Task<VectorMigration> RollBackAsync(CutoverOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var m = options.Migration;
            if (Identify(MigrationStore.Clone(m)).IsCrossCluster)
                return Recognize(await new CrossClusterCutover(_source, _target, observer.Logger).RollBackAsync(Begin(options), options.Force, ct).ConfigureAwait(false));
            var stored = await MigrationStore.ReadAsync(TargetRest, m.Target, ct).ConfigureAwait(false);
            if (stored is { Phase: MigrationPhase.Completed } completed && completed.Id == m.Id) throw CrossClusterCutover.Completed(completed);
            var plan = await PlanAliasSwitchAsync(new AliasSwitchOptions { Alias = m.Alias, To = m.Source, From = m.Target }, observer, ct).ConfigureAwait(false);
            var result = await SwitchAliasAsync(plan, options.Force, observer, ct).ConfigureAwait(false);
            return result.Migration ?? Begin(options);
        }

        /// <summary>
        /// What <see cref="CompleteAsync"/> would do to the stored record of the migration (one cut over,
        /// or already completed), in the sentences -WhatIf and -Confirm show; one not cut over is refused. Changes nothing.
        /// </summary>
        public async Task<CompletionPlan> PlanCompletionAsync(CompletionOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var current = Recognize(await new MigrationCompletion(_source, _target, observer.Logger).CheckAsync(Begin(options), ct).ConfigureAwait(false));
            return CompletionPlan.For(current, current.SourceCluster?.Name ?? _source.ClusterName);
        }

        /// <summary>
        /// The migration recorded on the target cluster whose rollback window <paramref name="alias"/>
        /// names (<see cref="CompletionChoice"/>): refused when none is recorded for it, or when the name
        /// leads to migrations of different aliases. Changes nothing.
        /// </summary>
        public async Task<VectorMigration> FindCompletionAsync(string alias, IMigrationObserver observer, CancellationToken ct) =>
            CompletionChoice.Choose(await ListAsync(observer, ct).ConfigureAwait(false), alias, _target.ClusterName);

        /// <summary>
        /// Ends the rollback window of a cut-over migration: recorded as Completed, so writers no longer
        /// keep the old index current; across clusters the old index is also write-blocked and its
        /// marker removed. The source's index.gc_deletes gets back what the migration raised, if it has not yet.
        /// </summary>
        public async Task<VectorMigration> CompleteAsync(CompletionOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var completed = await new MigrationCompletion(_source, _target, observer.Logger).CompleteAsync(Begin(options), ct).ConfigureAwait(false);
            await RestoreSourceGcDeletesAsync(completed, observer, ct).ConfigureAwait(false);
            return Recognize(completed);
        }

        /// <summary>Fails unless <paramref name="index"/> is one concrete index that no alias points to.</summary>
        public Task CheckRemovableAsync(string index, IMigrationObserver observer, CancellationToken ct) =>
            new ShadowIndexService(TargetRest, observer.Logger).EnsureRemovableAsync(index, ct);

        /// <summary>Deletes one index no alias points to (an abandoned shadow index, or an old index after cutover).</summary>
        public Task RemoveIndexAsync(string index, IMigrationObserver observer, CancellationToken ct) =>
            new ShadowIndexService(TargetRest, observer.Logger).RemoveAsync(index, ct);

        /// <summary>
        /// The metadata-only update of <see cref="MetadataUpdateOptions.Index"/>: an alias's updates also
        /// go, in step, to where every safe write goes (a migration's target, or the old index after cutover).
        /// Apply it per batch of ids (<see cref="MetadataUpdater.ApplyAsync(IReadOnlyList{DocumentKey}, CancellationToken)"/>) or to a query's matches (<see cref="UpdateMatchingAsync"/>).
        /// </summary>
        public Task<MetadataUpdater> OpenMetadataUpdateAsync(MetadataUpdateOptions options, IMigrationObserver observer, CancellationToken ct) =>
            MetadataUpdater.CreateAsync(_target, options.Clusters ?? OwnClusters, observer.Logger, options.Index, options.Set, options.Remove, ct);

        /// <summary>Applies <paramref name="updater"/> to every document matching <paramref name="query"/>, read through a point in time.</summary>
        public Task<long> UpdateMatchingAsync(MetadataUpdater updater, JsonObject? query, int batchSize, IMigrationObserver observer, CancellationToken ct) =>
            IdScanner.ScanAsync(updater.LiveCluster, updater.QueryIndex, query, batchSize, async ids =>
            {
                foreach (var failure in await updater.ApplyAsync(ids, ct).ConfigureAwait(false)) observer.OnDocumentFailure(failure);
                var s = updater.Summary;
                observer.OnProgress(new Progress.OperationProgress("Update metadata of " + s.Index,
                    $"{s.Updated} updated, {s.Noop} unchanged, {s.Missing} missing, {s.Failed} failed", s.Updated + s.Noop + s.Missing + s.Failed, null));
            }, observer.Logger, ct);

        /// <summary>
        /// The safe writer of <see cref="DualWriteOptions.Index"/> on the target connection (the one
        /// cluster a writer knows): through the alias, and to the second index of a migration with
        /// versioning. A migration to or from another cluster is followed there, the cluster its
        /// record serves from written first; the writer keeps the routing it was opened with, so
        /// open a new one to follow a later cutover or rollback.
        /// </summary>
        public async Task<DualWriter> OpenDualWriteAsync(DualWriteOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var routing = await WriteRouting.ResolveAsync(_target, options.Index, options.Clusters ?? OwnClusters, ct).ConfigureAwait(false);
            return DualWriter.Create(routing, Bind(options.Embedder, observer), Bind(options.TargetEmbedder, observer), options.TextField, options.VectorField, observer.Logger);
        }

        /// <summary>The engine's own two connections, for a host that names no others.</summary>
        private IClusterResolver OwnClusters => new ClusterDirectory(_source, _target);

        /// <summary>The whole rolling update (or its resumption), composed of the stage methods above.</summary>
        public Task<RollingReindexReport> RunRollingAsync(RollingReindexOptions options, IMigrationObserver observer, CancellationToken ct) =>
            new RollingReindex(this).RunAsync(options, observer, ct);

        /// <summary>Alias names on the target cluster (for completion).</summary>
        public Task<IReadOnlyList<string>> AliasNamesAsync(CancellationToken ct) => new CatApi(TargetRest).AliasNamesAsync(ct);

        /// <summary>The fields of <paramref name="types"/> of an index or alias on the target cluster (for completion).</summary>
        public Task<IReadOnlyList<string>> FieldNamesAsync(string indexOrAlias, IReadOnlyCollection<string> types, CancellationToken ct) =>
            MappingFields.ReadAsync(TargetRest, indexOrAlias, types, ct);

        /// <summary>Index names on the target cluster (for completion).</summary>
        public Task<IReadOnlyList<string>> IndexNamesAsync(CancellationToken ct) => new CatApi(TargetRest).IndexNamesAsync(ct);

        /// <summary>
        /// An abandoned migration is never resumed, not even from a record a pipeline still holds
        /// from before it was abandoned: the stored record decides.
        /// </summary>
        private async Task RefuseAbandonedAsync(VectorMigration migration, CancellationToken ct)
        {
            if (migration.Alias.Length == 0) return;
            var stored = migration.Phase == MigrationPhase.Abandoned ? migration : await MigrationStore.ReadAsync(TargetRest, migration.Target, ct).ConfigureAwait(false);
            if (stored is { Phase: MigrationPhase.Abandoned } && stored.Id == migration.Id)
                throw new VectorMigrationException(MigrationErrorCodes.MigrationAbandoned, MigrationErrorKind.InvalidState,
                    $"The migration {migration.Source} -> {migration.Target} of {migration.Alias} was abandoned ({stored.UpdatedAt:u}) for a new generation; its target is no longer written to and is never resumed.",
                    migration.Target);
        }

        /// <summary>The new record a stage works on: a copy of the given one, naming this engine's clusters.</summary>
        private VectorMigration Begin(StageOptions options) => Identify(MigrationStore.Clone(options.Migration));

        /// <summary>A record read from the target cluster: it lives there; a version 1 record names no source cluster, which is then this engine's.</summary>
        private VectorMigration Recognize(VectorMigration migration)
        {
            migration.TargetCluster = _target.Identity;
            migration.SourceCluster ??= _source.Identity;
            return migration;
        }

        private VectorMigration Identify(VectorMigration migration)
        {
            migration.SourceCluster = _source.Identity;
            migration.TargetCluster = _target.Identity;
            return migration;
        }

        /// <summary>
        /// The generator a stage embeds with (null: copy the source vectors). A given embedder is
        /// recorded on the record; without one, the recorded embedder is rebuilt where its record
        /// suffices (hashing, OpenAI without a key).
        /// </summary>
        private static IEmbeddingGenerator<string, Embedding<float>>? Generator(VectorMigration migration, VectorEmbedder? embedder, IMigrationObserver observer)
        {
            if (embedder != null)
            {
                migration.Embedder = JsonNode.Parse(embedder.Descriptor.ToJson())!.AsObject();
                return Bind(embedder, observer);
            }
            if (migration.IsCopy) return null;
            var descriptor = migration.EmbedderDescriptor!;
            if (EmbedderFactory.TryCreate(descriptor, out var generator)) return generator;
            throw new VectorMigrationException(MigrationErrorCodes.EmbedderRequired, MigrationErrorKind.InvalidArgument,
                $"The migration of {migration.Target} re-embeds with {descriptor.Description}, which cannot be rebuilt from its record (it needs a key or a script block).",
                migration.Target);
        }

        private static IEmbeddingGenerator<string, Embedding<float>>? Bind(VectorEmbedder? embedder, IMigrationObserver observer) =>
            embedder == null || embedder.IsCopy ? null : embedder.BindToPipeline(observer.Post, observer.Logger);

        /// <summary>The migration's transformer; vectors go as base64 when the target cluster takes them (9.3+, not turned off) and its field is a float vector.</summary>
        private async Task<DocumentTransformer> TransformerAsync(VectorMigration migration, IEmbeddingGenerator<string, Embedding<float>>? generator, CancellationToken ct)
        {
            var base64 = TargetRest.SendsBase64Vectors && Base64Vector.Accepts(ShadowIndexPlanner.FieldAt(
                await new IndicesApi(TargetRest).GetMappingAsync(migration.Target, ct).ConfigureAwait(false), migration.VectorField));
            return new DocumentTransformer(migration.Target, migration.VectorField, migration.TextField, migration.Dimensions, generator, base64);
        }
    }
}
