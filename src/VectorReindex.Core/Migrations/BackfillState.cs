using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Backfill counters and the per-slice checkpoints, stored in the migration's _meta. The
    /// checkpoints are keyed by <see cref="Layout"/>: they are only reused by a run with the same
    /// slice layout, never applied to a different one.
    /// </summary>
    public sealed class BackfillState
    {
        /// <summary>For example "slices=4;sort=_shard_doc".</summary>
        public string Layout { get; set; } = "";

        public List<SliceCheckpoint> Slices { get; set; } = new List<SliceCheckpoint>();

        public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.UtcNow;

        public DateTimeOffset? CompletedAt { get; set; }

        /// <summary>Documents in the source when the backfill started.</summary>
        public long Total { get; set; }

        public long Copied => Slices.Sum(s => s.Copied);

        /// <summary>Skipped because the target already had the same or a newer version (409 on a versioned write): the protocol working.</summary>
        public long SkippedNewer => Slices.Sum(s => s.SkippedNewer);

        public long Failed => Slices.Sum(s => s.Failed);

        /// <summary>Failed documents by error id (for example TextFieldMissing: 12); null while none failed.</summary>
        public Dictionary<string, long>? FailureKinds { get; set; }

        /// <summary>Why a server-side copy did not finish (the task's error, its cancellation, or the task gone); null otherwise.</summary>
        public string? Aborted { get; set; }

        /// <summary>Counts one failed document under its error id.</summary>
        public void CountFailure(string errorId)
        {
            FailureKinds ??= new Dictionary<string, long>(StringComparer.Ordinal);
            FailureKinds[errorId] = FailureKinds.TryGetValue(errorId, out var n) ? n + 1 : 1;
        }

        /// <summary>"EmbeddingFailed 3, TextFieldMissing 2": the failure kinds, most frequent first; empty when none.</summary>
        public string FailureSummary => FailureKinds == null ? "" :
            string.Join(", ", FailureKinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + " " + k.Value));

        /// <summary>Times the point in time was lost (expiry, node restart) and reopened; null while never.</summary>
        public int? PitReopened { get; set; }

        /// <summary>Bulk items rejected with 429 and retried.</summary>
        public long Retried { get; set; }

        /// <summary>Documents written by the whole run, each attempt counted (copied + retried writes).</summary>
        public double DocsPerSecond { get; set; }

        public bool IsComplete => Slices.Count > 0 && Slices.All(s => s.Done);

        /// <summary>Set when the copy was handed to the cluster's _reindex (-ServerSide).</summary>
        public string? ServerTaskId { get; set; }

        public override string ToString() =>
            $"{Copied} copied, {SkippedNewer} skipped (newer in target), {Failed} failed" + (FailureKinds != null ? " (" + FailureSummary + ")" : "") + $" of {Total}" +
            (Aborted != null ? " (not finished: " + Aborted + ")" : IsComplete ? "" : " (incomplete)");
    }

    /// <summary>Where one slice of the backfill is: past every document whose write was acknowledged.</summary>
    public sealed class SliceCheckpoint
    {
        public int Id { get; set; }

        /// <summary>The sort values of the last acknowledged document (search_after to continue from); null at the start.</summary>
        public JsonArray? SearchAfter { get; set; }

        public bool Done { get; set; }

        public long Copied { get; set; }

        public long SkippedNewer { get; set; }

        public long Failed { get; set; }
    }

    /// <summary>What Sync-Delta found and did.</summary>
    public sealed class DeltaState
    {
        public int Passes { get; set; }
        public long Copied { get; set; }
        public long Deleted { get; set; }
        public long SkippedNewer { get; set; }
        public long Failed { get; set; }

        /// <summary>Differences found by the last pass (documents still to catch up when it started).</summary>
        public long Lag { get; set; }

        /// <summary>Documents whose target version is above the source's (the source re-created them): not fixable by versioned writes.</summary>
        public long Conflicts { get; set; }

        public DateTimeOffset? LastPassAt { get; set; }

        /// <summary>Times a scan's point in time was lost (expiry, node restart) and reopened; null while never.</summary>
        public int? PitReopened { get; set; }

        /// <summary>Timestamp-field high-water mark of the last incremental pass.</summary>
        public string? Watermark { get; set; }

        public override string ToString() => $"{Passes} {(Passes == 1 ? "pass" : "passes")}: {Copied} copied, {Deleted} deleted, lag {Lag}";
    }

    /// <summary>The result of Test-IndexParity; a cutover needs a passed one newer than the last delta pass.</summary>
    public sealed class ParityResult
    {
        public bool Passed { get; set; }
        public long SourceCount { get; set; }
        public long TargetCount { get; set; }
        public long MissingInTarget { get; set; }
        public long ExtraInTarget { get; set; }
        public long VersionMismatches { get; set; }
        public int VectorsCompared { get; set; }
        public int VectorMismatches { get; set; }
        public int KnnQueries { get; set; }

        /// <summary>Mean overlap of the top-10 kNN hits of source and target, 0 to 1.</summary>
        public double KnnOverlap { get; set; }

        public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;

        public List<string> Problems { get; set; } = new List<string>();

        /// <summary>Times a scan's point in time was lost and reopened; null while never.</summary>
        public int? PitReopened { get; set; }

        /// <summary>Observations that are not failures (for example counts read while writes were in flight).</summary>
        public List<string> Notes { get; set; } = new List<string>();

        public override string ToString() => (Passed ? "passed" : "FAILED") +
            $": {SourceCount} vs {TargetCount} docs, {MissingInTarget} missing, {ExtraInTarget} extra, {VersionMismatches} stale, {VectorMismatches}/{VectorsCompared} vectors differ, kNN overlap " + DisplayText.Percent(KnnOverlap);
    }
}
