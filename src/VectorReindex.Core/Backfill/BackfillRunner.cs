using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Backfill
{
    /// <summary>
    /// Copies (or re-embeds) every source document into the target: PIT slices read in parallel,
    /// versioned bulk writes, checkpoints saved to the migration's _meta as writes are acknowledged.
    /// A rerun with the same slice layout continues from the checkpoints; a different layout
    /// starts over, which is safe because every write is versioned.
    /// </summary>
    public sealed class BackfillRunner
    {
        private readonly ElasticsearchCluster _source;
        private readonly ElasticsearchCluster _target;
        private readonly VectorMigration _migration;
        private readonly BackfillOptions _options;
        private readonly DocumentTransformer _transformer;
        private readonly ILogger _logger;
        private readonly object _stateLock = new object();
        private readonly SemaphoreSlim _saveLock = new SemaphoreSlim(1, 1);
        private PointInTime? _pit;

        public BackfillRunner(ElasticsearchCluster source, ElasticsearchCluster target, VectorMigration migration,
            DocumentTransformer transformer, BackfillOptions options, ILogger logger)
        {
            _source = source;
            _target = target;
            _migration = migration;
            _transformer = transformer;
            _options = options;
            _logger = logger;
        }

        /// <summary>Called for each document that could not be copied (from worker threads: marshal before writing).</summary>
        public Action<DocumentFailure>? OnFailure { get; set; }

        public IProgress<OperationProgress>? Progress { get; set; }

        public async Task<BackfillState> RunAsync(CancellationToken ct)
        {
            var sliceCount = _options.Slices > 0 ? _options.Slices : await AutoSlicesAsync(ct).ConfigureAwait(false);
            var layout = string.Format(CultureInfo.InvariantCulture, "slices={0};sort=_shard_doc", sliceCount);
            var state = ChooseState(layout, sliceCount);
            if (state.IsComplete)
            {
                _logger.LogInformation("Backfill of {Target} is already complete ({State}); nothing to resume.", _migration.Target, state);
                return state;
            }
            var indices = new IndicesApi(_source);
            await indices.RefreshAsync(_migration.Source, ct).ConfigureAwait(false);
            state.Total = await indices.CountAsync(_migration.Source, ct).ConfigureAwait(false);
            _migration.Backfill = state;
            _migration.Phase = MigrationPhase.Backfilling;
            await SaveAsync(ct).ConfigureAwait(false);

            var search = new SearchApi(_source);
            _pit = await PointInTime.OpenAsync(search, _migration.Source, _options.KeepAlive, _logger, ct).ConfigureAwait(false);
            var limiter = new ConcurrencyLimiter(Math.Max(2, sliceCount), Math.Max(_options.MaxInFlight, sliceCount));
            var writer = new VersionedWriter(_target, limiter, _options.ItemRetries, _logger);
            var rate = new RateLimiter(_options.MaxDocsPerSecond);
            var clock = Stopwatch.StartNew();
            var doneAtStart = state.Copied + state.SkippedNewer + state.Failed;
            var recent = new RecentRate(RecentRate.DefaultWindow, doneAtStart);
            using var stopCheckpoints = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var checkpoints = CheckpointLoopAsync(stopCheckpoints.Token);
            var ranToEnd = false;
            try
            {
                var workers = state.Slices.Where(s => !s.Done)
                    .Select(slice => Task.Run(() => RunSliceAsync(search, slice, sliceCount, writer, rate, clock, recent, ct), ct))
                    .ToList();
                await Task.WhenAll(workers).ConfigureAwait(false);
                state.CompletedAt = DateTimeOffset.UtcNow;
                state.DocsPerSecond = Math.Round((state.Copied + state.SkippedNewer - doneAtStart) / Math.Max(0.001, clock.Elapsed.TotalSeconds), 1);
                lock (_stateLock) _migration.Phase = state.Failed == 0 ? MigrationPhase.Backfilled : MigrationPhase.BackfillIncomplete;
                ranToEnd = true;
                if (state.Failed == 0)
                    _logger.LogInformation("Backfill of {Target} complete: {State} in {Seconds:0.0} s.", _migration.Target, state, clock.Elapsed.TotalSeconds);
                else
                    _logger.LogInformation("Backfill of {Target} incomplete: {State} in {Seconds:0.0} s; the record says BackfillIncomplete.",
                        _migration.Target, state, clock.Elapsed.TotalSeconds);
            }
            finally
            {
                stopCheckpoints.Cancel();
                try { await checkpoints.ConfigureAwait(false); } catch (OperationCanceledException) { }
                if (_pit.Reopened > 0) lock (_stateLock) state.PitReopened = (state.PitReopened ?? 0) + _pit.Reopened;
                // The final checkpoint is saved even when cancelled, so a rerun continues from it.
                using (var finalSave = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
                {
                    try { await SaveAsync(finalSave.Token).ConfigureAwait(false); }
                    catch (Exception ex) when (ex is ElasticsearchException || ex is OperationCanceledException)
                    {
                        _logger.LogWarning("Could not save the final backfill checkpoint of {Target}: {Message}. A rerun repeats some work, safely.", _migration.Target, ex.Message);
                    }
                }
                await _pit.CloseAsync().ConfigureAwait(false);
                Progress?.Report(new OperationProgress(Activity, "Done", state.Copied, state.Total) { Completed = true });
            }
            if (ranToEnd) ThrowIfNothingCopied(_migration, state);
            return state;
        }

        /// <summary>A backfill where every document failed is no partial success: the whole stage failed (the record, saved as BackfillIncomplete, says why).</summary>
        internal static void ThrowIfNothingCopied(VectorMigration migration, BackfillState state)
        {
            if (state.Failed == 0 || state.Copied + state.SkippedNewer > 0) return;
            throw new VectorMigrationException(MigrationErrorCodes.BackfillFailed, MigrationErrorKind.InvalidState, string.Format(CultureInfo.InvariantCulture,
                "The backfill of {0} from {1} copied no document: all {2} failed ({3}). The cause is common to every document (a text or vector field name, the embedder, the target mapping); the per-document errors name it.",
                migration.Target, migration.Source, state.Failed, state.FailureSummary), migration.Target);
        }

        private string Activity => "Backfill " + _migration.Source + " -> " + _migration.Target;

        private BackfillState ChooseState(string layout, int sliceCount)
        {
            var previous = _migration.Backfill;
            if (previous != null && previous.Layout == layout && (!previous.IsComplete || _options.Resume))
            {
                _logger.LogInformation("Continuing the backfill of {Target} from its checkpoints ({State}).", _migration.Target, previous);
                return previous;
            }
            if (previous != null && previous.Layout != layout && !previous.IsComplete)
                _logger.LogWarning("The saved checkpoints of {Target} are for layout '{Old}', not '{New}': starting over (safe, every write is versioned).",
                    _migration.Target, previous.Layout, layout);
            return new BackfillState
            {
                Layout = layout,
                Slices = Enumerable.Range(0, sliceCount).Select(i => new SliceCheckpoint { Id = i }).ToList(),
            };
        }

        private async Task RunSliceAsync(SearchApi search, SliceCheckpoint slice, int sliceCount, VersionedWriter writer, RateLimiter rate,
            Stopwatch clock, RecentRate recent, CancellationToken ct)
        {
            JsonArray? after;
            lock (_stateLock) after = (JsonArray?)slice.SearchAfter?.DeepClone();
            Task<SourcePage>? next = null;
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var reading = next ?? ReadPageAsync(search, slice.Id, sliceCount, after, ct);
                    next = null;
                    using var page = await reading.ConfigureAwait(false);
                    if (page.Documents.Count == 0)
                    {
                        lock (_stateLock) slice.Done = true;
                        return;
                    }
                    var (ops, failures) = await _transformer.TransformAsync(page.Documents, ct).ConfigureAwait(false);
                    await rate.WaitAsync(ops.Count, ct).ConfigureAwait(false);
                    // Read ahead one page: the slice's next page is read while this one's bulk (a copy's
                    // rewrite runs as its body is written) is in flight, so the node's search, this process's
                    // work and the node's bulk overlap. Not before the rate limit: a paced backfill reads at
                    // its pace, within the point in time's keep-alive. The checkpoint still moves only past
                    // pages whose writes were acknowledged.
                    if (page.Documents.Count == _options.BatchSize && page.LastSort != null)
                        next = ReadPageAsync(search, slice.Id, sliceCount, page.LastSort, ct);
                    var outcome = await writer.WriteAsync(ops, ct).ConfigureAwait(false);
                    failures.AddRange(outcome.Failures);
                    foreach (var f in failures) OnFailure?.Invoke(f);
                    after = page.LastSort;
                    BackfillState state;
                    lock (_stateLock)
                    {
                        slice.SearchAfter = (JsonArray?)after?.DeepClone();
                        slice.Copied += outcome.Written;
                        slice.SkippedNewer += outcome.SkippedNewer;
                        slice.Failed += failures.Count;
                        state = _migration.Backfill!;
                        foreach (var f in failures) state.CountFailure(f.ErrorId);
                        state.Retried += outcome.Retried;
                    }
                    ReportProgress(state, clock, recent);
                    if (page.Documents.Count < _options.BatchSize)
                    {
                        lock (_stateLock) slice.Done = true;
                        return;
                    }
                }
            }
            finally
            {
                // A page read ahead that will not be written (the run failed or was cancelled) gives its pooled buffer back.
                if (next != null)
                    try { (await next.ConfigureAwait(false)).Dispose(); }
                    catch (Exception) { /* the failure that matters is the one already propagating */ }
            }
        }

        /// <summary>
        /// Reads the slice's next page. A lost point in time (a long pause, a slow embedder, a node
        /// restart) is reopened once for all slices, and this slice reads on from its own search_after;
        /// anything the new view orders differently is caught by Sync-Delta.
        /// </summary>
        private Task<SourcePage> ReadPageAsync(SearchApi search, int sliceId, int sliceCount, JsonArray? after, CancellationToken ct) =>
            _pit!.ReadPageAsync(async (pitId, token) =>
            {
                var page = await PageReader.ReadAsync(search, pitId, _options.KeepAlive, sliceId, sliceCount, after, _options.BatchSize, _options.MustAskForVectors, token).ConfigureAwait(false);
                return (page, page.PitId);
            }, ct);

        private void ReportProgress(BackfillState state, Stopwatch clock, RecentRate recent)
        {
            if (Progress == null) return;
            long done;
            lock (_stateLock) done = state.Copied + state.SkippedNewer + state.Failed;
            var rate = recent.Observe(clock.Elapsed.TotalSeconds, done);
            Progress.Report(new OperationProgress(Activity,
                string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} documents, {2:N0}/s", done, state.Total, rate), done, state.Total, rate));
        }

        private async Task CheckpointLoopAsync(CancellationToken ct)
        {
            while (true)
            {
                await Task.Delay(_options.CheckpointInterval, ct).ConfigureAwait(false);
                try
                {
                    await SaveAsync(ct).ConfigureAwait(false);
                }
                catch (ElasticsearchException ex)
                {
                    _logger.LogWarning("Saving the backfill checkpoint of {Target} failed ({Message}); trying again in {Seconds} s.", _migration.Target, ex.Message, _options.CheckpointInterval.TotalSeconds);
                }
            }
        }

        private async Task SaveAsync(CancellationToken ct)
        {
            await _saveLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                VectorMigration snapshot;
                lock (_stateLock) snapshot = MigrationStore.Clone(_migration);
                await MigrationStore.SaveAsync(_target, snapshot, ct).ConfigureAwait(false);
                _migration.UpdatedAt = snapshot.UpdatedAt;
            }
            finally
            {
                _saveLock.Release();
            }
        }

        private async Task<int> AutoSlicesAsync(CancellationToken ct)
        {
            var definition = await new IndicesApi(_source).GetIndexAsync(_migration.Source, ct).ConfigureAwait(false);
            var shards = definition?.Definition["settings"]?["index"]?["number_of_shards"]?.ToString();
            var n = int.TryParse(shards, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 1;
            return Math.Max(2, Math.Min(8, n));
        }
    }
}
