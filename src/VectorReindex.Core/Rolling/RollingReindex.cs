using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Parity;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Rolling
{
    /// <summary>
    /// The whole rolling update in one call: shadow index, backfill, delta passes until the lag is
    /// small, parity, cutover. Every phase records its state in the target's _meta, so a rerun
    /// after Ctrl+C or a crash picks the same migration up where it stopped.
    /// </summary>
    public sealed class RollingReindex
    {
        private readonly ElasticsearchCluster _cluster;
        private readonly ILogger _logger;

        public RollingReindex(ElasticsearchCluster cluster, ILogger logger)
        {
            _cluster = cluster;
            _logger = logger;
        }

        /// <summary>Which phase is running (5 phases).</summary>
        public IProgress<OperationProgress>? Progress { get; set; }

        /// <summary>How far the running phase is (documents).</summary>
        public IProgress<OperationProgress>? StageProgress { get; set; }

        public Action<DocumentFailure>? OnFailure { get; set; }

        /// <summary>Runs (or resumes) the migration of <paramref name="options"/>.Shadow.Alias.</summary>
        /// <param name="generator">The new model; null copies the source vectors.</param>
        public async Task<RollingReindexReport> RunAsync(RollingReindexOptions options, IEmbeddingGenerator<string, Embedding<float>>? generator, CancellationToken ct)
        {
            var alias = options.Shadow.Alias;
            var report = new RollingReindexReport { Alias = alias };
            var clock = Stopwatch.StartNew();

            Phase("shadow index", 0);
            var migration = await MigrationDiscovery.FindInFlightAsync(_cluster, alias, ct).ConfigureAwait(false);
            if (migration != null)
            {
                report.Resumed = true;
                _logger.LogInformation("Resuming migration {Migration}.", migration);
            }
            else
            {
                var shadow = new ShadowIndexService(_cluster, _logger);
                migration = await shadow.CreateAsync(await shadow.PlanAsync(options.Shadow, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            }
            report.Source = migration.Source;
            report.Target = migration.Target;
            report.Migration = migration;
            Lap(report, "shadow", clock);

            var transformer = new DocumentTransformer(migration.Target, migration.VectorField, migration.TextField, migration.Dimensions, generator);
            if (migration.Phase < MigrationPhase.Backfilled)
            {
                Phase("backfill", 1);
                var backfill = new BackfillRunner(_cluster, _cluster, migration, transformer, options.Backfill, _logger) { Progress = StageProgress, OnFailure = OnFailure };
                await backfill.RunAsync(ct).ConfigureAwait(false);
                Lap(report, "backfill", clock);
            }
            report.DocumentsMigrated = migration.Backfill?.Copied ?? 0;
            report.BackfillDocsPerSecond = migration.Backfill?.DocsPerSecond ?? 0;

            Phase("delta", 2);
            var delta = new DeltaRunner(_cluster, _cluster, migration, transformer, options.Delta, _logger) { Progress = StageProgress, OnFailure = OnFailure };
            var deltaState = await delta.RunAsync(ct).ConfigureAwait(false);
            report.DeltaPasses = deltaState.Passes;
            report.DeltaCopied = deltaState.Copied;
            report.DeltaDeleted = deltaState.Deleted;
            Lap(report, "delta", clock);

            Phase("parity", 3);
            var parity = await new ParityChecker(_cluster, _cluster, migration, generator, options.Backfill.MustAskForVectors, _logger)
                .CheckAsync(options.ParitySample, options.ParityQueries, 1, ct).ConfigureAwait(false);
            migration.Parity = parity;
            report.Parity = parity;
            if (parity.Passed) migration.Phase = MigrationPhase.Verified;
            await MigrationStore.SaveAsync(_cluster, MigrationStore.Clone(migration), ct).ConfigureAwait(false);
            Lap(report, "parity", clock);

            Phase("cutover", 4);
            var cutover = new AliasCutover(_cluster, _logger);
            var plan = await cutover.PlanAsync(alias, migration.Target, migration.Source, ct).ConfigureAwait(false);
            // Writers keep writing during the check: parity passed on a snapshot, so the cutover
            // re-checks counts itself unless forced; a failed parity stops here unless forced.
            if (!parity.Passed && !options.Force)
                throw new VectorMigrationException("ParityFailed", MigrationErrorKind.VerificationFailed,
                    $"Not cutting over {alias}: {string.Join("; ", parity.Problems)}. Run Invoke-RollingReindex again (it resumes with another delta pass), or use -Force.", migration.Target);
            report.CutoverAt = await cutover.ExecuteAsync(plan, force: true, ct).ConfigureAwait(false);
            Lap(report, "cutover", clock);
            report.Failed = (migration.Backfill?.Failed ?? 0) + deltaState.Failed;
            Progress?.Report(new OperationProgress("Invoke-RollingReindex " + alias, "Done", 5, 5) { Completed = true });
            return report;

            void Phase(string name, int index) =>
                Progress?.Report(new OperationProgress("Invoke-RollingReindex " + alias, $"phase {index + 1} of 5: {name}", index, 5));
        }

        private static void Lap(RollingReindexReport report, string phase, Stopwatch clock)
        {
            report.PhaseSeconds[phase] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            clock.Restart();
        }
    }
}
