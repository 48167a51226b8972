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
    public double MigrationStart { get; init; }
    public double MigrationEnd { get; init; }
    public double? CutoverAt { get; init; }
    public List<PhaseMark> PhaseMarks { get; init; } = new();

    /// <summary>The node's process (its id and banner): the node runs apart from the demo, as a cluster does.</summary>
    public string Node { get; init; } = "";

    public int NodePid { get; init; }

    /// <summary>Recall@10 of the new index with the new model's query embeddings; null when not measured.</summary>
    public RecallResult? Recall { get; init; }

    public List<Sample> QueriesIn(double from, double to) => Traffic.Queries.Where(q => q.At >= from && q.At < to).ToList();

    public long FailedQueries => Traffic.Queries.Count(q => !q.Ok);

    public (double P50, double P99, int Count, int Failed) Latency(double from, double to)
    {
        var window = QueriesIn(from, to);
        var ok = window.Where(q => q.Ok).Select(q => q.LatencyMs).ToList();
        return (Percentile.Of(ok, 50), Percentile.Of(ok, 99), window.Count, window.Count(q => !q.Ok));
    }

    /// <summary>p99 kNN latency while the migration ran over p99 before it (idle), the demo's headline figure.</summary>
    public double P99Ratio => Latency(MigrationStart, MigrationEnd).P99 / Latency(0, MigrationStart).P99;

    public bool ZeroDowntime => FailedQueries == 0 && Verification.Lost == 0 && Verification.Stale == 0 && Verification.Resurrected == 0
        && ScriptErrors.Count == 0 && Migration != null;

    public string Render()
    {
        var c = CultureInfo.InvariantCulture;
        var before = Latency(0, MigrationStart);
        var during = Latency(MigrationStart, MigrationEnd);
        var after = Latency(MigrationEnd, double.MaxValue);
        var writesDuring = Traffic.Writes.Count(w => w.At >= MigrationStart && w.At < MigrationEnd);
        var sb = new StringBuilder();
        sb.AppendLine("VectorReindex zero-downtime demo");
        sb.AppendLine("================================");
        sb.AppendLine(c, $"corpus                 {Options.Documents:N0} product descriptions, {Options.OldDimensions}-dim hashing model -> {Options.NewModelDescription} (loaded in {LoadSeconds:F1} s)");
        sb.AppendLine(c, $"node                   {Node}");
        sb.AppendLine(c, $"migration              {Migration?.Source} -> {Migration?.Target} in {MigrationEnd - MigrationStart:F1} s");
        sb.AppendLine(c, $"documents migrated     {Migration?.DocumentsMigrated:N0} by the backfill at {Migration?.BackfillDocsPerSecond:N0} docs/s; {Migration?.DeltaPasses} delta passes ({Migration?.DeltaCopied:N0} copied, {Migration?.DeltaDeleted:N0} deleted)");
        sb.AppendLine(c, $"parity                 {Migration?.Parity}{(Options.Model != null ? " (old and new model rank differently: recall@10 below measures the new index)" : "")}");
        sb.AppendLine(c, $"cutover                at t={CutoverAt:F1} s ({Migration?.CutoverAt:u})");
        sb.AppendLine(c, $"phases (seconds)       {string.Join(", ", Migration?.PhaseSeconds.Select(p => $"{p.Key} {p.Value:F1}") ?? Array.Empty<string>())}");
        sb.AppendLine(c, $"queries                {Traffic.Queries.Count:N0} served, {FailedQueries} failed");
        sb.AppendLine(c, $"kNN latency (ms)       before  p50 {before.P50,7:F1}  p99 {before.P99,7:F1}  ({before.Count} queries)");
        sb.AppendLine(c, $"                       during  p50 {during.P50,7:F1}  p99 {during.P99,7:F1}  ({during.Count} queries)");
        sb.AppendLine(c, $"                       after   p50 {after.P50,7:F1}  p99 {after.P99,7:F1}  ({after.Count} queries)");
        sb.AppendLine(c, $"p99 during / idle p99  {P99Ratio:F2}");
        sb.AppendLine(c, $"writes                 {Traffic.Writes.Count:N0} in all, {writesDuring:N0} during the migration, {Traffic.Writes.Count(w => !w.Ok)} failed");
        sb.AppendLine(c, $"after cutover          {Verification.Lost} lost, {Verification.Stale} stale, {Verification.Resurrected} resurrected of {Verification.Checked:N0} documents checked against the writers' ground truth");
        sb.AppendLine(c, $"vectors checked        {Verification.VectorsChecked:N0} against the new model's embedding of each document's current text ({Verification.EmbedTextsPerSecond:N0} texts/s)");
        if (Recall == null && Options.RecallQueries > 0) sb.AppendLine("recall@10              not measured: the migration did not cut over to the new model's index");
        if (Recall is { } recall)
        {
            sb.AppendLine(c, $"recall@10              {recall.RecallAt10:F4} on {recall.Queries:N0} queries (worst query {recall.WorstQueryRecall:F1}): kNN of the new index against an exact search over its vectors, queries embedded by the new model");
            sb.AppendLine(c, $"embedding throughput   {Verification.EmbedTextsPerSecond:N0} product descriptions/s, {recall.EmbedTextsPerSecond:N0} queries/s on {Environment.ProcessorCount} cores (batches of 64 and {recall.Queries:N0}; nothing else running in the demo)");
        }
        foreach (var e in Verification.Examples) sb.AppendLine("  " + e);
        foreach (var e in ScriptErrors) sb.AppendLine("script error: " + e);
        foreach (var q in Traffic.Queries.Where(q => !q.Ok).Take(5)) sb.AppendLine(c, $"failed query at t={q.At:F1}: {q.Error}");
        foreach (var w in Traffic.Writes.Where(w => !w.Ok).Take(5)) sb.AppendLine(c, $"failed write at t={w.At:F1}: {w.Error}");
        sb.AppendLine(ZeroDowntime ? "RESULT: zero downtime (0 failed queries, 0 lost, 0 stale, 0 resurrected)" : "RESULT: NOT zero downtime");
        return sb.ToString();
    }
}
