using System.Globalization;
using System.Text;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Demo;

/// <summary>The zero-downtime report: what the migration did and what readers and writers saw.</summary>
public sealed class DemoReport
{
    public required DemoOptions Options { get; init; }
    public required TrafficLog Traffic { get; init; }
    public required Verification Verification { get; init; }
    public RollingReindexReport? Migration { get; init; }
    public List<string> ScriptErrors { get; init; } = new();
    public double LoadSeconds { get; init; }
    /// <summary>When the warm-up ended and the idle window before the migration began.</summary>
    public double WarmUpEnd { get; init; }
    public double MigrationStart { get; init; }
    public double MigrationEnd { get; init; }
    public double? CutoverAt { get; init; }
    public List<PhaseMark> PhaseMarks { get; init; } = new();

    /// <summary>The node's process (its id and banner): the node runs apart from the demo, as a cluster does.</summary>
    public string Node { get; init; } = "";

    public int NodePid { get; init; }

    /// <summary>Recall@10 of the new index with the new model's query embeddings; null when not measured.</summary>
    public RecallResult? Recall { get; init; }

    /// <summary>The --cross-cluster mode's clusters, endpoint switch and old-side checks; null in the one-cluster demo.</summary>
    public CrossClusterRun? CrossCluster { get; init; }

    public List<Sample> QueriesIn(double from, double to) => Traffic.Queries.Where(q => q.At >= from && q.At < to).ToList();

    public long FailedQueries => Traffic.Queries.Count(q => !q.Ok);

    public (double P50, double P99, int Count, int Failed) Latency(double from, double to)
    {
        var window = QueriesIn(from, to);
        var ok = window.Where(q => q.Ok).Select(q => q.LatencyMs).ToList();
        return (Percentile.Of(ok, 50), Percentile.Of(ok, 99), window.Count, window.Count(q => !q.Ok));
    }

    public (double P50, double P99, int Count, int Failed) Before => Latency(WarmUpEnd, MigrationStart);
    public (double P50, double P99, int Count, int Failed) During => Latency(MigrationStart, MigrationEnd);
    public (double P50, double P99, int Count, int Failed) After => Latency(MigrationEnd, double.MaxValue);

    /// <summary>
    /// Idle serving: the queries before the migration (after the warm-up) and after it together, both
    /// windows measured the same way and under the same traffic, one on the old index, one on the new.
    /// </summary>
    public (double P50, double P99, int Count, int Failed) Idle
    {
        get
        {
            var window = QueriesIn(WarmUpEnd, MigrationStart).Concat(QueriesIn(MigrationEnd, double.MaxValue)).ToList();
            var ok = window.Where(q => q.Ok).Select(q => q.LatencyMs).ToList();
            return (Percentile.Of(ok, 50), Percentile.Of(ok, 99), window.Count, window.Count(q => !q.Ok));
        }
    }

    /// <summary>
    /// The migration window's queries by the phase _meta showed when each was sent: from the window's
    /// start to the first phase seen ("starting"), then from each phase to the next, to the window's end.
    /// Where the during-tail comes from.
    /// </summary>
    public List<(string Phase, double From, (double P50, double P90, double P99, int Count) Latency)> LatencyByPhase()
    {
        var marks = PhaseMarks.Where(m => m.At > MigrationStart && m.At < MigrationEnd).OrderBy(m => m.At).ToList();
        var starts = new[] { ("starting", MigrationStart) }.Concat(marks.Select(m => (m.Name, m.At))).ToList();
        var phases = new List<(string, double, (double, double, double, int))>();
        for (var i = 0; i < starts.Count; i++)
        {
            var (name, from) = starts[i];
            var to = i + 1 < starts.Count ? starts[i + 1].Item2 : MigrationEnd;
            var ok = QueriesIn(from, to).Where(q => q.Ok).Select(q => q.LatencyMs).ToList();
            if (ok.Count > 0) phases.Add((name, from, (Percentile.Of(ok, 50), Percentile.Of(ok, 90), Percentile.Of(ok, 99), ok.Count)));
        }
        return phases;
    }

    /// <summary>p99 kNN latency while the migration ran over idle p99 (before and after it), the demo's headline figure.</summary>
    public double P99Ratio => During.P99 / Idle.P99;

    public bool ZeroDowntime => FailedQueries == 0 && Verification.Lost == 0 && Verification.Stale == 0 && Verification.Resurrected == 0
        && ScriptErrors.Count == 0 && Migration != null;

    /// <summary>
    /// The --cross-cluster mode's second claim: the old cluster's index, kept current after the
    /// cutover for a rollback, equals the new one and the writers' ground truth. True in the one-cluster demo.
    /// </summary>
    public bool RollbackReady => CrossCluster is null or { Agrees: true };

    /// <summary>Queries sent to each cluster, in the order readers first used them.</summary>
    public List<(string Endpoint, List<Sample> Queries)> QueriesByEndpoint() =>
        Traffic.Queries.GroupBy(q => q.Endpoint ?? "").OrderBy(g => g.Min(q => q.At)).Select(g => (g.Key, g.ToList())).ToList();

    public string Render()
    {
        var c = CultureInfo.InvariantCulture;
        var warmUp = Latency(0, WarmUpEnd);
        var before = Before;
        var during = During;
        var after = After;
        var idle = Idle;
        var writesDuring = Traffic.Writes.Count(w => w.At >= MigrationStart && w.At < MigrationEnd);
        var sb = new StringBuilder();
        sb.AppendLine("VectorReindex zero-downtime demo");
        sb.AppendLine("================================");
        sb.AppendLine(c, $"corpus                 {Options.Documents:N0} product descriptions, {Options.OldDimensions}-dim hashing model -> {Options.NewModelDescription} (loaded in {LoadSeconds:F1} s)");
        sb.AppendLine(c, $"node                   {Node}");
        if (CrossCluster is { } xc)
            sb.AppendLine(c, $"clusters               {xc.OldClusterName} {DemoOptions.OldClusterVersion}, {xc.OldShards} shards -> {xc.NewClusterName}, {xc.NewShards} shards; documents routed by store");
        sb.AppendLine(c, $"migration              {Migration?.Source} -> {Migration?.Target} in {MigrationEnd - MigrationStart:F1} s");
        sb.AppendLine(c, $"backfill throttle      {(Options.MaxDocsPerSecond > 0 ? $"{Options.MaxDocsPerSecond:N0} docs/s (--max-docs-per-second)" : "none (--max-docs-per-second 0)")}");
        sb.AppendLine(c, $"documents migrated     {Migration?.DocumentsMigrated:N0} by the backfill at {Migration?.BackfillDocsPerSecond:N0} docs/s; {Migration?.DeltaPasses} delta passes ({Migration?.DeltaCopied:N0} copied, {Migration?.DeltaDeleted:N0} deleted)");
        sb.AppendLine(c, $"parity                 {Migration?.Parity}{(Options.Model != null ? " (old and new model rank differently: recall@10 below measures the new index)" : "")}");
        sb.AppendLine(c, $"cutover                at t={CutoverAt:F1} s ({Migration?.CutoverAt:u})");
        sb.AppendLine(c, $"phases (seconds)       {string.Join(", ", Migration?.PhaseSeconds.Select(p => $"{p.Key} {p.Value:F1}") ?? Array.Empty<string>())}");
        sb.AppendLine(c, $"queries                {Traffic.Queries.Count:N0} served, {FailedQueries} failed");
        if (CrossCluster is { } run) RenderEndpoints(sb, run);
        sb.AppendLine(c, $"kNN latency (ms)       warm-up p50 {warmUp.P50,7:F1}  p99 {warmUp.P99,7:F1}  ({warmUp.Count} queries, first {WarmUpEnd:F1} s: in no window)");
        sb.AppendLine(c, $"                       before  p50 {before.P50,7:F1}  p99 {before.P99,7:F1}  ({before.Count} queries)");
        sb.AppendLine(c, $"                       during  p50 {during.P50,7:F1}  p99 {during.P99,7:F1}  ({during.Count} queries)");
        sb.AppendLine(c, $"                       after   p50 {after.P50,7:F1}  p99 {after.P99,7:F1}  ({after.Count} queries)");
        sb.AppendLine(c, $"                       idle    p50 {idle.P50,7:F1}  p99 {idle.P99,7:F1}  ({idle.Count} queries: before and after)");
        sb.AppendLine(c, $"p99 during / idle p99  {P99Ratio:F2}");
        foreach (var (phase, from, l) in LatencyByPhase())
            sb.AppendLine(c, $"  during, {phase,-12} p50 {l.P50,7:F1}  p90 {l.P90,7:F1}  p99 {l.P99,7:F1}  ({l.Count} queries from t={from:F1} s)");
        sb.AppendLine(c, $"writes                 {Traffic.Writes.Count:N0} in all, {writesDuring:N0} during the migration, {Traffic.Writes.Count(w => !w.Ok)} failed");
        sb.AppendLine(c, $"after cutover          {Verification.Lost} lost, {Verification.Stale} stale, {Verification.Resurrected} resurrected of {Verification.Checked:N0} documents checked against the writers' ground truth");
        sb.AppendLine(c, $"vectors checked        {Verification.VectorsChecked:N0} against the new model's embedding of each document's current text ({Verification.EmbedTextsPerSecond:N0} texts/s)");
        if (CrossCluster is { } sides)
        {
            var old = sides.OldIndex;
            sb.AppendLine(c, $"old cluster's index    {old.Lost} lost, {old.Stale} stale, {old.Resurrected} resurrected of {old.Checked:N0} (kept current for rollback; {old.VectorsChecked:N0} vectors checked against the old model)");
            sb.AppendLine(c, $"new == old             {sides.Agreement.Differences} differences in ids, versions, routing and fields over {sides.Agreement.Compared:N0} documents");
            sb.AppendLine(c, $"rollback window        {(sides.Completion != null ? "closed after the checks: " + sides.Completion : "left open: the migration did not cut over")}");
            foreach (var e in old.Examples) sb.AppendLine("  old cluster: " + e);
            foreach (var e in sides.Agreement.Examples) sb.AppendLine("  " + e);
        }
        if (Recall == null && Options.RecallQueries > 0) sb.AppendLine("recall@10              not measured: the migration did not cut over to the new model's index");
        if (Recall is { } recall)
        {
            sb.AppendLine(c, $"recall@10              {recall.RecallAt10:F4} on {recall.Queries:N0} queries (worst query {recall.WorstQueryRecall:F1}): kNN of the new index against an exact search over its vectors, queries embedded by the new model");
            sb.AppendLine(c, $"embedding throughput   {Verification.EmbedTextsPerSecond:N0} product descriptions/s, {recall.EmbedTextsPerSecond:N0} queries/s on {Environment.ProcessorCount} cores (batches of 64 and {recall.Queries:N0}; nothing else running in the demo)");
        }
        foreach (var e in Verification.Examples) sb.AppendLine("  " + e);
        foreach (var e in ScriptErrors) sb.AppendLine((CrossCluster != null ? "migration error: " : "script error: ") + e);
        foreach (var q in Traffic.Queries.Where(q => !q.Ok).Take(5)) sb.AppendLine(c, $"failed query at t={q.At:F1}: {q.Error}");
        foreach (var w in Traffic.Writes.Where(w => !w.Ok).Take(5)) sb.AppendLine(c, $"failed write at t={w.At:F1}: {w.Error}");
        sb.AppendLine(ZeroDowntime ? "RESULT: zero downtime (0 failed queries, 0 lost, 0 stale, 0 resurrected)" : "RESULT: NOT zero downtime");
        if (CrossCluster != null)
            sb.AppendLine(RollbackReady ? "RESULT: rollback ready (the old cluster's index equals the new one and the ground truth)" : "RESULT: NOT rollback ready (the old cluster's index differs: see above)");
        return sb.ToString();
    }

    /// <summary>Where readers sent their queries: per cluster, and around the switch.</summary>
    private void RenderEndpoints(StringBuilder sb, CrossClusterRun run)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (endpoint, queries) in QueriesByEndpoint())
        {
            var ok = queries.Where(q => q.Ok).Select(q => q.LatencyMs).ToList();
            sb.AppendLine(c, $"  to {endpoint,-19} {queries.Count,7:N0} queries, {queries.Count(q => !q.Ok)} failed, p50 {Percentile.Of(ok, 50):F1} ms, p99 {Percentile.Of(ok, 99):F1} ms, t={queries.Min(q => q.At):F1}..{queries.Max(q => q.At):F1} s");
        }
        if (run.SwitchAt is not double at)
        {
            sb.AppendLine("endpoint switch        none: readers never saw the record say the new cluster serves");
            return;
        }
        var around = Latency(at - 5, at + 5);
        sb.AppendLine(c, $"endpoint switch        at t={at:F1} s ({CutoverAt - at:+0.0;-0.0;0.0} s from the cutover first seen in _meta), {string.Join(", ", run.Switches.Select(s => $"{s.From} -> {s.To}"))}; " +
                         $"{around.Count} queries within 5 s of it, {around.Failed} failed, p99 {around.P99:F1} ms");
    }
}
