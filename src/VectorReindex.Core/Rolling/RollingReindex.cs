using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Rolling
{
    /// <summary>
    /// The whole rolling update in one call, composed of the engine's stages: shadow index,
    /// backfill, delta passes until the lag is small, parity, cutover. Every stage records its
    /// state in the target's _meta, so a rerun after Ctrl+C or a crash picks the same migration up
    /// where it stopped.
    /// </summary>
    public sealed class RollingReindex
    {
        private const int Phases = 5;
        private readonly MigrationEngine _engine;

        public RollingReindex(MigrationEngine engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

        /// <summary>Runs (or resumes) the migration of <paramref name="options"/>.Shadow.Alias.</summary>
        public async Task<RollingReindexReport> RunAsync(RollingReindexOptions options, IMigrationObserver observer, CancellationToken ct)
        {
            var alias = options.Shadow.Alias;
            var report = new RollingReindexReport { Alias = alias };
            var clock = Stopwatch.StartNew();

            Phase("shadow index", 0);
            var migration = await _engine.FindInFlightAsync(alias, observer, ct).ConfigureAwait(false);
            if (migration != null && options.Restart)
            {
                report.Abandoned = (await _engine.AbandonAsync(migration, observer, ct).ConfigureAwait(false)).Target;
                migration = null;
            }
            if (migration != null)
            {
                // Resuming with other parameters would mix two plans in one index.
                await _engine.CheckResumeAsync(migration, options.Shadow, options.Embedder?.Descriptor, ct).ConfigureAwait(false);
                report.Resumed = true;
                observer.Logger.LogInformation("Resuming migration {Migration}.", migration);
            }
            else
            {
                var state = await _engine.AliasStateAsync(alias, observer, ct).ConfigureAwait(false);
                if (!options.Restart && state.LastMigration is { } last && RequestedPlan.Differences(options.Shadow, options.Embedder?.Descriptor, state).Count == 0)
                {
                    observer.Logger.LogWarning("Alias {Alias} is already served by {Live}, which its last migration (from {Source}, cut over {At:u}) made with this plan; nothing to do.",
                        alias, state.Live, last.Source, last.CutoverAt);
                    report.UpToDate = true;
                    report.Source = last.Source;
                    report.Target = state.Live;
                    report.CutoverAt = last.CutoverAt;
                    report.Migration = last;
                    observer.OnProgress(new OperationProgress("Rolling reindex of " + alias, "Done", Phases, Phases) { Completed = true, IsPhase = true });
                    return report;
                }
                options.Shadow.Embedder ??= options.Embedder?.Descriptor;
                var plan = await _engine.PlanAsync(options.Shadow, observer, ct).ConfigureAwait(false);
                migration = await _engine.CreateShadowAsync(plan, observer, ct).ConfigureAwait(false);
            }
            report.Source = migration.Source;
            report.Target = migration.Target;
            Lap(report, "shadow", clock);

            // An incomplete backfill resumes with the delta, which copies exactly what is missing.
            if (migration.Phase < MigrationPhase.BackfillIncomplete)
            {
                Phase("backfill", 1);
                migration = await _engine.BackfillAsync(new BackfillStageOptions(migration) { Embedder = options.Embedder, Backfill = options.Backfill }, observer, ct).ConfigureAwait(false);
                Lap(report, "backfill", clock);
            }
            report.DocumentsMigrated = migration.Backfill?.Copied ?? 0;
            report.BackfillDocsPerSecond = migration.Backfill?.DocsPerSecond ?? 0;

            Phase("delta", 2);
            migration = await _engine.SyncDeltaAsync(new DeltaStageOptions(migration) { Embedder = options.Embedder, Delta = options.Delta }, observer, ct).ConfigureAwait(false);
            var delta = migration.Delta!;
            report.DeltaPasses = delta.Passes;
            report.DeltaCopied = delta.Copied;
            report.DeltaDeleted = delta.Deleted;
            Lap(report, "delta", clock);

            Phase("parity", 3);
            migration = await _engine.CheckParityAsync(
                new ParityStageOptions(migration) { Embedder = options.Embedder, SampleSize = options.ParitySample, Queries = options.ParityQueries, Seed = 1 },
                observer, ct).ConfigureAwait(false);
            var parity = migration.Parity!;
            report.Parity = parity;
            Lap(report, "parity", clock);

            Phase("cutover", 4);
            // A failed parity stops here unless forced. Writers keep writing during the check, and
            // the parity that passed was read on a live index, so the cutover needs no count check.
            if (!parity.Passed && !options.Force)
                throw new VectorMigrationException(MigrationErrorCodes.ParityFailed, MigrationErrorKind.VerificationFailed,
                    $"Alias {alias} was not moved: {migration.Target} does not match {migration.Source} ({string.Join("; ", parity.Problems)}). A rerun resumes with another delta pass.",
                    migration.Target);
            // The parity just checked is newer than the last delta pass, so the cutover guard accepts it as is.
            migration = await _engine.CutOverAsync(new CutoverOptions(migration) { Force = options.Force }, observer, ct).ConfigureAwait(false);
            report.CutoverAt = migration.CutoverAt;
            report.Migration = migration;
            Lap(report, "cutover", clock);
            report.Failed = (migration.Backfill?.Failed ?? 0) + delta.Failed;
            observer.OnProgress(new OperationProgress("Rolling reindex of " + alias, "Done", Phases, Phases) { Completed = true, IsPhase = true });
            return report;

            void Phase(string name, int index) =>
                observer.OnProgress(new OperationProgress("Rolling reindex of " + alias, $"phase {index + 1} of {Phases}: {name}", index, Phases) { IsPhase = true });
        }

        private static void Lap(RollingReindexReport report, string phase, Stopwatch clock)
        {
            report.PhaseSeconds[phase] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            clock.Restart();
        }
    }
}
