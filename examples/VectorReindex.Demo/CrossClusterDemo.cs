using System.Diagnostics;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Demo;

/// <summary>
/// The --cross-cluster mode: a blue/green move of 'products' from an 8.19 cluster to a 9.x
/// cluster (two local nodes, each in a process of its own), with routed documents and another
/// shard count, under live readers and dual-writers. The migration runs through the module's
/// Core (MigrationEngine over the two connections: shadow index on the new cluster, backfill,
/// delta, parity, cutover); readers switch endpoint when the record says the new cluster
/// serves; both clusters end checked against the writers' ground truth and each other.
/// </summary>
public static class CrossClusterDemo
{
    public const string OldClusterName = "old-cluster";
    public const string NewClusterName = "new-cluster";

    /// <summary>How often readers' application polls the migration record for the endpoint.</summary>
    public static readonly TimeSpan EndpointPoll = TimeSpan.FromMilliseconds(100);

    public static async Task<DemoReport> RunAsync(DemoOptions options, Action<string> say, CancellationToken ct)
    {
        NewModel.Register();
        await using var oldCluster = await DemoCluster.StartAsync(DemoOptions.OldClusterVersion, OldClusterName, ct);
        await using var newCluster = await DemoCluster.StartAsync(esVersion: null, NewClusterName, ct);
        var load = Stopwatch.StartNew();
        say($"old cluster pid {oldCluster.Pid}: {oldCluster.Banner}");
        say($"new cluster pid {newCluster.Pid}: {newCluster.Banner}");
        say($"loading {options.Documents:N0} routed documents ({options.OldDimensions}-dim hashing vectors, {options.OldShards} shards) on {OldClusterName}...");
        await CorpusLoader.LoadAsync(oldCluster.Connection.Cluster, options, ct);
        var loadSeconds = load.Elapsed.TotalSeconds;
        say($"loaded in {loadSeconds:F1} s; starting {options.QueriesPerSecond} kNN queries/s and {options.WritesPerSecond} writes/s");

        var monitor = new PhaseMonitor();
        // The application is configured with the old cluster only; the directory holds the
        // connections it can open, where readers and writers find the cluster a marker names.
        var clusters = new ClusterDirectory(oldCluster.Connection, newCluster.Connection);
        var endpoint = new ServingEndpoint(oldCluster.Connection, CorpusLoader.Alias, clusters);
        await using var traffic = LiveTraffic.Start(options, endpoint,
            (truth, slot) => new TrafficWriter(oldCluster.Connection, clusters, truth, slot, LiveTraffic.Writers, options),
            new Func<Stopwatch, CancellationToken, Task>[]
            {
                // The record lives on the new cluster, with the shadow index.
                (clock, stop) => monitor.RunAsync(newCluster.Connection.Cluster, clock, stop),
                (clock, stop) => endpoint.RunAsync(clock, EndpointPoll, stop),
            }, ct);

        await Task.Delay(options.WarmUp, ct);
        var warmUpEnd = traffic.Now;
        await Task.Delay(options.IdleWindow, ct);
        var migrationStart = traffic.Now;
        say($"t={migrationStart:F0}s migrating {CorpusLoader.Alias} from {OldClusterName} to {NewClusterName} ({options.NewShards} shards, -> {options.NewModelDescription}) through MigrationEngine...");
        var errors = new List<string>();
        var engine = new MigrationEngine(oldCluster.Connection, newCluster.Connection);
        RollingReindexReport? report = null;
        try
        {
            report = await MigrateAsync(engine, options, errors, ct);
        }
        catch (Exception ex) when (ex is VectorMigrationException or ElasticsearchException)
        {
            errors.Add(ex.Message);
        }
        var migrationEnd = traffic.Now;
        say(report != null ? $"t={migrationEnd:F0}s migration finished: {report}" : $"t={migrationEnd:F0}s the migration did not finish:");
        foreach (var error in errors) say("migration error: " + error);
        await Task.Delay(options.AfterWindow, ct);
        await traffic.StopAsync();
        foreach (var s in endpoint.Switches) say($"t={s.At:F1}s readers switched from {s.From} to {s.To}");

        say("comparing both clusters' indexes with the writers' ground truth and with each other...");
        var oldSnapshot = await IndexSnapshot.ReadAsync(oldCluster.Connection.Cluster, CorpusLoader.Index, ct);
        // A migration that stopped short is checked as far as it came.
        var newIndex = report?.Target ?? (await engine.FindInFlightAsync(CorpusLoader.Alias, MigrationObserver.None, ct))?.Target;
        var newSnapshot = newIndex != null ? await IndexSnapshot.ReadAsync(newCluster.Connection.Cluster, newIndex, ct) : new Dictionary<string, StoredDocument>();
        string? Routing(int n) => Corpus.Routing(options, n);
        var verification = await Verifier.VerifyAsync(newSnapshot, traffic.Truth, Routing, NewModel.For(options), NewModel.Tolerance(options), everyVector: options.Model == null, ct);
        var oldVerification = await Verifier.VerifyAsync(oldSnapshot, traffic.Truth, Routing, new HashingEmbeddingGenerator(options.OldDimensions), 0f, everyVector: true, ct);
        var agreement = ClusterAgreement.Compare(oldSnapshot, newSnapshot);
        var completion = report?.Migration is { TargetServes: true } cutOver ? await CompleteAsync(engine, oldCluster, cutOver, say, ct) : null;
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
            Node = $"{OldClusterName} {oldCluster.Description} -> {NewClusterName} {newCluster.Description}, both stopped by their pids at the end",
            NodePid = oldCluster.Pid,
            CrossCluster = new CrossClusterRun
            {
                OldCluster = oldCluster.Description,
                NewCluster = newCluster.Description,
                OldClusterName = OldClusterName,
                NewClusterName = NewClusterName,
                OldPid = oldCluster.Pid,
                NewPid = newCluster.Pid,
                OldShards = options.OldShards,
                NewShards = options.NewShards,
                Switches = endpoint.Switches,
                OldIndex = oldVerification,
                Agreement = agreement,
                Completion = completion,
            },
        };
    }

    /// <summary>
    /// The operator ends the rollback window once the checks are done (Complete-VectorMigration):
    /// the record says Completed, the old index loses its marker and takes no more writes.
    /// </summary>
    private static async Task<string> CompleteAsync(MigrationEngine engine, DemoCluster oldCluster, VectorMigration cutOver, Action<string> say, CancellationToken ct)
    {
        var completed = await engine.CompleteAsync(new CompletionOptions(cutOver), MigrationObserver.None, ct);
        var marker = await SourceMarker.ReadAsync(oldCluster.Connection.Cluster, completed.Source, ct);
        var index = await new IndicesApi(oldCluster.Connection.Cluster).GetIndexAsync(completed.Source, ct);
        var settings = ShadowIndexPlanner.Flatten(index?.Definition["settings"] as JsonObject);
        var blocked = settings.TryGetValue(MigrationCompletion.WriteBlockSetting, out var block) ? block?.ToString() : null;
        var outcome = $"{completed.Phase} at {completed.CompletedAt:u}; marker on {completed.Source} {(marker == null ? "removed" : "STILL THERE")}, " +
                      $"{MigrationCompletion.WriteBlockSetting} {blocked ?? "not set"}";
        say("rollback window closed (Complete-VectorMigration): " + outcome);
        return outcome;
    }

    /// <summary>
    /// The operator's migration, as New-ShadowIndex -TargetCluster | Start-Backfill | Sync-Delta |
    /// Test-IndexParity | Switch-IndexAlias runs it: the engine's composed rolling update over the
    /// old (source) and new (target) connections.
    /// </summary>
    private static Task<RollingReindexReport> MigrateAsync(MigrationEngine engine, DemoOptions options, List<string> errors, CancellationToken ct)
    {
        var embedder = options.Model != null ? VectorEmbedder.Local(options.Model, NewModel.For(options)) : VectorEmbedder.Hashing(options.NewDimensions);
        var observer = new MigrationObserver(failure: f => { lock (errors) errors.Add($"document {f.Id} of {f.Index}: {f.Message}"); });
        return engine.RunRollingAsync(new RollingReindexOptions
        {
            Shadow = new ShadowIndexOptions { Alias = CorpusLoader.Alias, Shards = options.NewShards, TextField = "text" },
            Embedder = embedder,
            Backfill = new BackfillOptions { MaxDocsPerSecond = options.MaxDocsPerSecond },
        }, observer, ct);
    }
}
