using VectorReindex.Core.Connection;
using System.Diagnostics;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.LocalNode;

namespace VectorReindex.Demo;

/// <summary>
/// The whole demo: a local node, a corpus, live readers and writers, the migration script in a
/// pwsh process of its own, and the comparison of the final index with the writers' ground truth.
/// </summary>
public static class ZeroDowntimeDemo
{
    public const int Readers = 4;
    public const int Writers = 4;

    public static async Task<DemoReport> RunAsync(DemoOptions options, Action<string> say, CancellationToken ct)
    {
        // The node's default version (9.2 and later): vectors are left out of _source unless asked, and the module asks.
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 }, ct);
        using var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }) { RequestTimeout = TimeSpan.FromMinutes(2) }, force: false, logger: null, ct);
        var cluster = connection.Cluster;
        var clock = Stopwatch.StartNew();
        say($"local node at {node.Uri}; loading {options.Documents:N0} documents ({options.OldDimensions}-dim hashing vectors)...");
        await CorpusLoader.LoadAsync(cluster, options, ct);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        say($"loaded in {loadSeconds:F1} s; starting {options.QueriesPerSecond} kNN queries/s and {options.WritesPerSecond} writes/s");

        clock.Restart();
        var traffic = new TrafficLog();
        var truth = new GroundTruth(options.Documents);
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var monitor = new PhaseMonitor();
        var tasks = new List<Task> { Task.Run(() => monitor.RunAsync(cluster, clock, stopTraffic.Token)) };
        for (var i = 0; i < Readers; i++)
        {
            var seed = options.Seed * 100 + i;
            tasks.Add(Task.Run(() => new QueryReader(cluster).RunAsync(options.QueriesPerSecond / Readers, seed, clock, traffic, stopTraffic.Token)));
        }
        for (var i = 0; i < Writers; i++)
        {
            var writer = new TrafficWriter(cluster, truth, i, Writers, options.Documents);
            tasks.Add(Task.Run(() => writer.RunAsync(options.WritesPerSecond / Writers, clock, traffic, stopTraffic.Token)));
        }

        await Task.Delay(options.IdleWindow, ct);
        var migrationStart = clock.Elapsed.TotalSeconds;
        say($"t={migrationStart:F0}s running examples/rolling-reindex.ps1 in pwsh (-> {options.NewDimensions} dims)...");
        var (report, errors) = await MigrationScript.RunAsync(node.Uri, options, line => say("pwsh: " + line), ct);
        var migrationEnd = clock.Elapsed.TotalSeconds;
        say($"t={migrationEnd:F0}s migration finished: {report}");
        await Task.Delay(options.AfterWindow, ct);
        stopTraffic.Cancel();
        await Task.WhenAll(tasks);

        say("comparing the final index with the writers' ground truth...");
        var finalIndex = await AliasResolver.ResolveWriteIndexAsync(cluster, CorpusLoader.Alias, ct);
        var verification = await Verifier.VerifyAsync(cluster, finalIndex, truth, options.NewDimensions, ct);
        return new DemoReport
        {
            Options = options,
            Traffic = traffic,
            Verification = verification,
            Migration = report,
            ScriptErrors = errors,
            LoadSeconds = loadSeconds,
            MigrationStart = migrationStart,
            MigrationEnd = migrationEnd,
            CutoverAt = monitor.FirstSeen.TryGetValue(MigrationPhase.CutOver, out var seen) ? seen : null,
            PhaseMarks = monitor.FirstSeen.ToDictionary(p => p.Key.ToString(), p => p.Value),
        };
    }
}
