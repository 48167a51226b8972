using System.Diagnostics;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Demo;

/// <summary>
/// The whole demo: a local node in a process of its own (as a cluster is: the demo's readers,
/// writers and collections never share its CPU time or heap), a corpus, live readers and writers,
/// the migration script in a pwsh process of its own, the comparison of the final index with the
/// writers' ground truth and, for a real model, recall@10 of the new index.
/// </summary>
public static class ZeroDowntimeDemo
{
    public static async Task<DemoReport> RunAsync(DemoOptions options, Action<string> say, CancellationToken ct)
    {
        NewModel.Register();
        // The node's default version (9.2 and later): vectors are left out of _source unless asked, and the module asks.
        await using var node = await DemoCluster.StartAsync(esVersion: null, clusterName: null, ct);
        var cluster = node.Connection.Cluster;
        var load = Stopwatch.StartNew();
        say($"local node pid {node.Pid}: {node.Banner}; loading {options.Documents:N0} documents ({options.OldDimensions}-dim hashing vectors)...");
        await CorpusLoader.LoadAsync(cluster, options, ct);
        var loadSeconds = load.Elapsed.TotalSeconds;
        say($"loaded in {loadSeconds:F1} s; starting {options.QueriesPerSecond} kNN queries/s and {options.WritesPerSecond} writes/s");

        var monitor = new PhaseMonitor();
        var endpoint = ServingEndpoint.Fixed(node.Connection, CorpusLoader.Alias);
        await using var traffic = LiveTraffic.Start(options, endpoint, (truth, slot) => new TrafficWriter(node.Connection, null, truth, slot, LiveTraffic.Writers, options),
            new Func<Stopwatch, CancellationToken, Task>[] { (clock, stop) => monitor.RunAsync(cluster, clock, stop) }, ct);

        // The operator's shell is open before the migration, as at a prompt: its start-up is not the migration's.
        say($"t={traffic.Now:F0}s opening the operator's pwsh session (module imported, cluster connected)...");
        var (script, errors) = await MigrationScript.OpenAsync(node.Uri, options, line => say("pwsh: " + line), ct);
        await using var session = script;
        await Task.Delay(options.WarmUp, ct);
        var warmUpEnd = traffic.Now;
        await Task.Delay(options.IdleWindow, ct);
        var migrationStart = traffic.Now;
        RollingReindexReport? report = null;
        if (script != null)
        {
            say($"t={migrationStart:F0}s running examples/rolling-reindex.ps1 in that session (-> {options.NewModelDescription})...");
            (report, errors) = await script.RunAsync(ct);
        }
        var migrationEnd = traffic.Now;
        say(report != null ? $"t={migrationEnd:F0}s migration finished: {report}" : $"t={migrationEnd:F0}s the migration script did not finish:");
        foreach (var error in errors) say("pwsh error: " + error);
        await Task.Delay(options.AfterWindow, ct);
        await traffic.StopAsync();

        say("comparing the final index with the writers' ground truth...");
        var finalIndex = await AliasResolver.ResolveWriteIndexAsync(cluster, CorpusLoader.Alias, ct);
        var snapshot = await IndexSnapshot.ReadAsync(cluster, finalIndex, ct);
        var model = NewModel.For(options);
        var verification = await Verifier.VerifyAsync(snapshot, traffic.Truth, n => Corpus.Routing(options, n), model, NewModel.Tolerance(options), everyVector: options.Model == null, ct);
        RecallResult? recall = null;
        // Only an index the new model built answers the new model's queries.
        if (options.RecallQueries > 0 && report?.CutoverAt != null && finalIndex == report.Target)
        {
            say($"recall@10 of {finalIndex} on {options.RecallQueries:N0} queries against an exact search...");
            recall = await RecallCheck.MeasureAsync(cluster, finalIndex, snapshot, model, options.RecallQueries, options.Seed, ct);
        }
        return new DemoReport
        {
            Options = options,
            Traffic = traffic.Log,
            Verification = verification,
            Migration = report,
            ScriptErrors = errors,
            LoadSeconds = loadSeconds,
            WarmUpEnd = warmUpEnd,
            MigrationStart = migrationStart,
            MigrationEnd = migrationEnd,
            CutoverAt = monitor.CutOverSeenAt,
            PhaseMarks = monitor.Marks(),
            Node = node.Description + ", stopped by its pid at the end",
            NodePid = node.Pid,
            Recall = recall,
        };
    }
}
