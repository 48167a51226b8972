using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Delta
{
    /// <summary>
    /// Catches the target up with the source: merge-joins their sorted (_id, _version) streams,
    /// copies what is missing or newer in the source (re-embedding when the migration does) and
    /// deletes from the target what the source no longer has. Every write is versioned, so a
    /// concurrent dual-write of a newer version always wins.
    /// </summary>
    public sealed class DeltaRunner
    {
        private readonly ElasticsearchCluster _source;
        private readonly ElasticsearchCluster _target;
        private readonly VectorMigration _migration;
        private readonly DocumentTransformer _transformer;
        private readonly DeltaOptions _options;
        private readonly ILogger _logger;
        private readonly VersionedWriter _writer;
        private readonly VersionScanner _sourceScanner;
        private readonly VersionScanner _targetScanner;

        public DeltaRunner(ElasticsearchCluster source, ElasticsearchCluster target, VectorMigration migration,
            DocumentTransformer transformer, DeltaOptions options, ILogger logger)
        {
            _source = source;
            _target = target;
            _migration = migration;
            _transformer = transformer;
            _options = options;
            _logger = logger;
            _writer = new VersionedWriter(target, new ConcurrencyLimiter(2, 4), options.ItemRetries, logger);
            _sourceScanner = new VersionScanner(source, options.KeepAlive, logger);
            _targetScanner = new VersionScanner(target, options.KeepAlive, logger);
        }

        private void OnScanPage(string index, long read, int partition, int partitions)
        {
            Progress?.Report(new OperationProgress(Activity, string.Format(CultureInfo.InvariantCulture,
                "diffing partition {0} of {1}: {2:N0} ids of {3} read", partition + 1, partitions, read, index), partition, partitions));
        }

        public Action<DocumentFailure>? OnFailure { get; set; }

        public IProgress<OperationProgress>? Progress { get; set; }

        private string Activity => "Delta " + _migration.Source + " -> " + _migration.Target;

        public async Task<DeltaState> RunAsync(CancellationToken ct)
        {
            var state = _migration.Delta ?? new DeltaState();
            _migration.Delta = state;
            _migration.Phase = MigrationPhase.Syncing;
            await MigrationStore.SaveAsync(_target, MigrationStore.Clone(_migration), ct).ConfigureAwait(false);
            try
            {
                for (var pass = 1; pass <= _options.MaxPasses; pass++)
                {
                    ct.ThrowIfCancellationRequested();
                    var lastAllowed = pass == _options.MaxPasses;
                    var cheap = _options.TimestampField != null && state.Watermark != null && !lastAllowed;
                    var reopenedBefore = PitReopened;
                    var differences = cheap ? await IncrementalPassAsync(state, ct).ConfigureAwait(false) : await FullPassAsync(state, ct).ConfigureAwait(false);
                    // A scan that crossed a lost point in time continued in a new view of the index, where
                    // _shard_doc order may differ: a clean result from it is no proof, another pass decides.
                    var crossedViews = PitReopened > reopenedBefore;
                    if (PitReopened > 0) state.PitReopened = PitReopened;
                    state.Passes++;
                    state.LastPassAt = DateTimeOffset.UtcNow;
                    _logger.LogInformation("Delta pass {Pass} ({Kind}): {Differences} differences; {State}.", pass, cheap ? "incremental" : "full diff", differences, state);
                    if (!cheap && differences <= _options.Until && !crossedViews)
                    {
                        state.Lag = differences;
                        break;
                    }
                    state.Lag = differences;
                }
                _migration.Phase = MigrationPhase.Synced;
            }
            finally
            {
                using var save = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await MigrationStore.SaveAsync(_target, MigrationStore.Clone(_migration), save.Token).ConfigureAwait(false); }
                catch (Exception ex) when (ex is ElasticsearchException || ex is OperationCanceledException)
                {
                    _logger.LogWarning("Could not record the delta state on {Target}: {Message}.", _migration.Target, ex.Message);
                }
                Progress?.Report(new OperationProgress(Activity, "Done", state.Copied + state.Deleted, null) { Completed = true });
            }
            return state;
        }

        private int PitReopened => _sourceScanner.PitReopened + _targetScanner.PitReopened;

        /// <summary>Diffs everything; returns the number of differences it found (and fixed).</summary>
        private async Task<long> FullPassAsync(DeltaState state, CancellationToken ct)
        {
            var passStart = DateTimeOffset.UtcNow;
            await new IndicesApi(_source).RefreshAsync(_migration.Source, ct).ConfigureAwait(false);
            await new IndicesApi(_target).RefreshAsync(_migration.Target, ct).ConfigureAwait(false);
            var count = await new IndicesApi(_source).CountAsync(_migration.Source, ct).ConfigureAwait(false);
            var partitions = (int)Math.Max(1, (count + _options.PartitionSize - 1) / _options.PartitionSize);
            long differences = 0;
            for (var p = 0; p < partitions; p++)
            {
                Progress?.Report(new OperationProgress(Activity, $"diffing partition {p + 1} of {partitions}", p, partitions));
                // Target first, then source: writers write the source first, so a write that lands
                // between the two scans shows as "newer in source" (copied, harmlessly) and never as
                // "gone from source" (which would delete a live document) or "newer in target".
                var partition = p;
                _targetScanner.OnPage = _sourceScanner.OnPage = (index, read) => OnScanPage(index, read, partition, partitions);
                var target = await _targetScanner.ScanAsync(_migration.Target, null, p, partitions, ct).ConfigureAwait(false);
                var source = await _sourceScanner.ScanAsync(_migration.Source, null, p, partitions, ct).ConfigureAwait(false);
                var diff = VersionDiff.Compute(source, target);
                // Most scan differences are writes that landed between the two scans and were
                // dual-written already; re-read them in real time and act only on what is really behind.
                var real = await DiffConfirmation.StillDifferentAsync(_source, _migration.Source, _target, _migration.Target,
                    diff.ToCopy.Concat(diff.ToDelete).Concat(diff.Conflicts).Select(d => d.Key), ct).ConfigureAwait(false);
                differences += real.Count;
                var conflicts = real.Where(c => c.TargetAhead).ToList();
                state.Conflicts = conflicts.Count;
                foreach (var c in conflicts.Take(20))
                    OnFailure?.Invoke(new DocumentFailure(_migration.Target, c.Id, MigrationErrorCodes.TargetVersionAhead,
                        $"Document '{c.Id}' is at a higher version in {_migration.Target} than in {_migration.Source} (the source re-created it and its version restarted). " +
                        "Versioned writes cannot lower a version, so the delta leaves it as it is."));
                await CopyAsync(real.Where(c => c.SourceVersion.HasValue && !c.TargetAhead).Select(c => c.Key).ToList(), state, ct).ConfigureAwait(false);
                // The source's delete raised the version past the one copied, but a vanished document
                // no longer says by how much: the tombstone takes at least that one step, so a late copy of
                // the version before the delete (a backfill still reading an older point in time) is refused.
                await DeleteAsync(real.Where(c => c.ExtraInTarget).Select(c => new IdVersion(c.Id, c.TargetVersion!.Value + 1, c.Key.Routing)).ToList(), state, ct).ConfigureAwait(false);
            }
            if (_options.TimestampField != null) state.Watermark = passStart.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture);
            return differences;
        }

        /// <summary>Copies the documents stamped since the watermark, with versioned writes (older ones are refused by the target).</summary>
        private async Task<long> IncrementalPassAsync(DeltaState state, CancellationToken ct)
        {
            var passStart = DateTimeOffset.UtcNow;
            await new IndicesApi(_source).RefreshAsync(_migration.Source, ct).ConfigureAwait(false);
            var query = new JsonObject { ["range"] = new JsonObject { [_options.TimestampField!] = new JsonObject { ["gte"] = state.Watermark } } };
            _sourceScanner.OnPage = (index, read) => OnScanPage(index, read, 0, 1);
            var changed = await _sourceScanner.ScanAsync(_migration.Source, query, 0, 1, ct).ConfigureAwait(false);
            await CopyAsync(changed.Select(c => c.Key).ToList(), state, ct).ConfigureAwait(false);
            state.Watermark = passStart.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture);
            return changed.Count;
        }

        private async Task CopyAsync(List<DocumentKey> ids, DeltaState state, CancellationToken ct)
        {
            var documents = new DocumentsApi(_source);
            for (var offset = 0; offset < ids.Count; offset += _options.BatchSize)
            {
                var batch = ids.Skip(offset).Take(_options.BatchSize).ToList();
                using var raw = await documents.MultiGetRawAsync(_migration.Source, batch, _options.MustAskForVectors, ct).ConfigureAwait(false);
                var found = new List<SourceDocument>(batch.Count);
                foreach (var d in raw.RootElement.GetProperty("docs").EnumerateArray())
                    if (d.TryGetProperty("found", out var f) && f.ValueKind == JsonValueKind.True)
                        found.Add(SourceDocument.FromHit(d));
                var (ops, failures) = await _transformer.TransformAsync(found, ct).ConfigureAwait(false);
                var outcome = await _writer.WriteAsync(ops, ct).ConfigureAwait(false);
                state.Copied += outcome.Written;
                state.SkippedNewer += outcome.SkippedNewer;
                state.Failed += failures.Count + outcome.Failures.Count;
                foreach (var failure in failures.Concat(outcome.Failures)) OnFailure?.Invoke(failure);
                Progress?.Report(new OperationProgress(Activity, $"copied {state.Copied:N0}, deleted {state.Deleted:N0}", offset + batch.Count, ids.Count));
            }
        }

        private async Task DeleteAsync(List<IdVersion> gone, DeltaState state, CancellationToken ct)
        {
            for (var offset = 0; offset < gone.Count; offset += _options.BatchSize)
            {
                var ops = gone.Skip(offset).Take(_options.BatchSize)
                    .Select(g => BulkOperation.VersionedDelete(_migration.Target, g.Id, g.Version, g.Routing)).ToList();
                var outcome = await _writer.WriteAsync(ops, ct).ConfigureAwait(false);
                state.Deleted += outcome.Written;
                state.SkippedNewer += outcome.SkippedNewer;
                state.Failed += outcome.Failures.Count(f => f.Status != 404);
                foreach (var failure in outcome.Failures.Where(f => f.Status != 404)) OnFailure?.Invoke(failure);
            }
        }
    }
}
