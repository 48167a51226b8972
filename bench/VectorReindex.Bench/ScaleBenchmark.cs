using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.Bench;

/// <summary>
/// Issue 16, build 1: a whole migration of N documents (default 10,000,000 x 96 floats) through the
/// module's Core, node in its own process, with kNN readers and dual-writers running: seed (bulk
/// straight to the node, untimed), backfill, delta, parity, cutover; then both indexes compared by a
/// streaming comparison. Reports docs/s per phase, the backfill ETA's error over time, this process's
/// memory at 10 %, 50 % and 100 % copied, and the node's RSS over time.
/// </summary>
internal static class ScaleBenchmark
{
    private const string Alias = "scale";
    private const string Source = "scale-v1";
    private const string Target = "scale-v2";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var docs = options.Docs > 0 ? options.Docs : 10_000_000L;
        var dims = options.DimsOr(96);
        var wall = Stopwatch.StartNew();
        await using var node = await LocalNodeProcess.StartAsync(options.EsVersion);
        Console.WriteLine($"node: pid {node.Pid}, {node.Banner}");
        var sampler = new ResourceSampler(node.Pid, TimeSpan.FromSeconds(options.SampleSeconds));
        sampler.Start();
        using var http = new HttpClient { BaseAddress = node.Uri, Timeout = TimeSpan.FromMinutes(10) };

        // Seed: untimed for the migration, straight to the node.
        sampler.Phase = "seed";
        var seedClock = Stopwatch.StartNew();
        await ScaleCorpus.SeedAsync(node.Uri, Source, docs, dims, options.Shards, 2, _ => { }, CancellationToken.None);
        var seedSeconds = seedClock.Elapsed.TotalSeconds;
        var nodeAfterSeed = ResourceSampler.RssOf(node.Pid);
        Console.WriteLine($"seed: {docs:N0} docs x {dims} floats (base64) in {seedSeconds:F1} s, {docs / seedSeconds:N0} docs/s; node RSS {Mib(nodeAfterSeed)} = {nodeAfterSeed / (double)docs:F0} B/doc");

        if (options.SeedOnly) return 0;

        using var connection = await Corpus.ConnectAsync(node.Uri);
        var cluster = connection.Cluster;
        var engine = new MigrationEngine(connection);
        sampler.Phase = "warm-up";
        var warmClock = Stopwatch.StartNew();
        await WarmUpAsync(engine, node.Uri, http, Math.Min(docs, 50_000), dims, options.Shards);
        Console.WriteLine($"warm-up (untimed): a {Math.Min(docs, 50_000):N0}-document migration and kNN reads of the seeded index in {warmClock.Elapsed.TotalSeconds:F1} s");
        await new IndicesApi(cluster).UpdateAliasesAsync(new JsonArray(
            new JsonObject { ["add"] = new JsonObject { ["index"] = Source, ["alias"] = Alias, ["is_write_index"] = true } }), CancellationToken.None);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = Alias, Name = Target }, MigrationObserver.None, CancellationToken.None);
        var migration = await engine.CreateShadowAsync(plan, MigrationObserver.None, CancellationToken.None);

        var traffic = new ScaleTraffic(engine, http, Alias, docs, dims);
        traffic.Start(options.Readers, options.ReadsPerSecond, options.Writers, options.WritesPerSecond);
        Console.WriteLine($"traffic: {options.Readers} kNN readers at {options.ReadsPerSecond}/s each (k 10, num_candidates 20, tag filter), {options.Writers} dual-writers at {options.WritesPerSecond}/s each");

        // Backfill, with this process's memory at 10 %, 50 % and 100 % copied.
        var marks = new[] { docs / 10, docs / 2, docs };
        var memory = new MemoryAt?[marks.Length];
        var observer = new MigrationObserver(progress: p =>
        {
            if (p.IsPhase) return;
            sampler.Progress = p;
            for (var i = 0; i < marks.Length; i++)
                if (memory[i] == null && p.Done >= marks[i] && p.Activity.StartsWith("Backfill", StringComparison.Ordinal))
                    memory[i] = MemoryAt.Now(p.Done);
        });
        var phases = new List<(string Name, double Seconds, long Docs)>();
        sampler.Phase = "backfill";
        var clock = Stopwatch.StartNew();
        var backfillStart = sampler.Elapsed;
        migration = await engine.BackfillAsync(new BackfillStageOptions(migration) { Backfill = new BackfillOptions { BatchSize = 500, Slices = 4 } }, observer, CancellationToken.None);
        var backfillEnd = sampler.Elapsed;
        phases.Add(("backfill", clock.Elapsed.TotalSeconds, migration.Backfill!.Copied));
        var etaSamples = sampler.TakeEta();
        sampler.Progress = null;
        Console.WriteLine($"backfill: {migration.Backfill}");

        sampler.Phase = "delta";
        clock.Restart();
        migration = await engine.SyncDeltaAsync(new DeltaStageOptions(migration) { Delta = new DeltaOptions { Until = 0, MaxPasses = 3 } }, observer, CancellationToken.None);
        phases.Add(("delta", clock.Elapsed.TotalSeconds, migration.Delta!.Copied + migration.Delta.Deleted));
        Console.WriteLine($"delta: {migration.Delta}");

        sampler.Phase = "parity";
        clock.Restart();
        migration = await engine.CheckParityAsync(new ParityStageOptions(migration), observer, CancellationToken.None);
        phases.Add(("parity", clock.Elapsed.TotalSeconds, migration.Parity!.SourceCount));
        Console.WriteLine($"parity: {migration.Parity}");

        sampler.Phase = "cutover";
        clock.Restart();
        migration = await engine.CutOverAsync(new CutoverOptions(migration), observer, CancellationToken.None);
        phases.Add(("cutover", clock.Elapsed.TotalSeconds, 0));
        var migrationSeconds = phases.Sum(p => p.Seconds);
        Console.WriteLine($"cutover: phase {migration.Phase}");

        // Writers go on a little after the cutover (writing the new index, dual-writing the old one), then stop.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await traffic.StopAsync();

        sampler.Phase = "compare";
        clock.Restart();
        var comparison = await StreamingComparison.CompareAsync(http, Source, Target, cluster.Capabilities.MustAskForVectors, CancellationToken.None);
        var compareSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"comparison: {comparison} in {compareSeconds:F1} s");
        await sampler.StopAsync();

        Report(docs, dims, seedSeconds, phases, migrationSeconds, etaSamples, backfillStart, backfillEnd, memory, sampler, traffic, comparison, compareSeconds, wall.Elapsed);
        return comparison.Identical && traffic.WriteErrors == 0 ? 0 : 1;
    }

    /// <summary>
    /// Untimed: a small migration through the same engine path, then deleted, and kNN reads of the seeded
    /// index, so the timed backfill does not start on cold code. A real cluster is warm; here the node's
    /// JIT, starved by a loaded machine, kept the first 20 s of a 2.5M backfill at half speed, which the
    /// ETA then carried (76 % error at 10 % done, 2 % from 40 %).
    /// </summary>
    private static async Task WarmUpAsync(MigrationEngine engine, Uri node, HttpClient http, long docs, int dims, int shards)
    {
        const string warm = "scale-warm";
        await ScaleCorpus.SeedAsync(node, warm + "-v1", docs, dims, shards, 2, _ => { }, CancellationToken.None);
        var indices = new IndicesApi(engine.Source.Cluster);
        await indices.UpdateAliasesAsync(new JsonArray(
            new JsonObject { ["add"] = new JsonObject { ["index"] = warm + "-v1", ["alias"] = warm, ["is_write_index"] = true } }), CancellationToken.None);
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = warm, Name = warm + "-v2" }, MigrationObserver.None, CancellationToken.None);
        var created = await engine.CreateShadowAsync(plan, MigrationObserver.None, CancellationToken.None);
        await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { BatchSize = 500, Slices = 4 } }, MigrationObserver.None, CancellationToken.None);
        await indices.DeleteAsync(warm + "-v2", CancellationToken.None);
        await indices.DeleteAsync(warm + "-v1", CancellationToken.None);
        var readers = new ScaleTraffic(engine, http, Source, docs, dims);
        readers.Start(1, 50, 0, 1);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await readers.StopAsync();
    }

    private static void Report(long docs, int dims, double seedSeconds, List<(string Name, double Seconds, long Docs)> phases, double migrationSeconds,
        List<EtaSample> eta, TimeSpan backfillStart, TimeSpan backfillEnd, MemoryAt?[] memory, ResourceSampler sampler, ScaleTraffic traffic,
        ComparisonResult comparison, double compareSeconds, TimeSpan wall)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"## scale: {docs:N0} docs x {dims} floats");
        Console.WriteLine();
        Console.WriteLine("| phase | seconds | documents | docs/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| seed (bulk straight to the node, not counted) | {seedSeconds:F1} | {docs:N0} | {docs / seedSeconds:N0} |");
        foreach (var (name, seconds, count) in phases)
            Console.WriteLine($"| {name} | {seconds:F1} | {count:N0} | {(count > 0 ? (count / seconds).ToString("N0", c) : "")} |");
        Console.WriteLine($"| **migration (backfill to cutover)** | **{migrationSeconds:F1}** ({migrationSeconds / 60:F1} min) | | {docs / migrationSeconds:N0} |");
        Console.WriteLine($"| streaming comparison (both indexes, not counted) | {compareSeconds:F1} | {comparison.SourceDocuments + comparison.TargetDocuments:N0} | {(comparison.SourceDocuments + comparison.TargetDocuments) / compareSeconds:N0} |");
        Console.WriteLine();
        Console.WriteLine($"wall clock (node start to comparison end): {wall.TotalMinutes:F1} min");
        Console.WriteLine($"comparison: {comparison}");
        foreach (var example in comparison.Examples) Console.WriteLine("  " + example);

        var duration = (backfillEnd - backfillStart).TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"backfill ETA (predicted finish = sample time + the progress's SecondsRemaining) against the actual finish at {duration:F1} s; error = |predicted - actual finish| / backfill duration:");
        Console.WriteLine("| t (s) | done | predicted finish (s) | error | error / remaining |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        double worstAfter10 = 0, worstRemainingAfter10 = 0;
        foreach (var s in eta)
        {
            var t = (s.At - backfillStart).TotalSeconds;
            var predicted = t + s.SecondsRemaining;
            var error = Math.Abs(predicted - duration) / duration;
            var remaining = duration - t;
            var ofRemaining = remaining > 0 ? Math.Abs(predicted - duration) / remaining : double.NaN;
            if (s.Fraction >= 0.1)
            {
                worstAfter10 = Math.Max(worstAfter10, error);
                if (!double.IsNaN(ofRemaining)) worstRemainingAfter10 = Math.Max(worstRemainingAfter10, ofRemaining);
            }
            Console.WriteLine($"| {t:F0} | {s.Fraction:P0} | {predicted:F0} | {error:P1} | {ofRemaining:P1} |");
        }
        Console.WriteLine($"worst ETA error once 10 % was done: {worstAfter10:P1} of the duration (goal <= 15 %); {worstRemainingAfter10:P1} of the time then remaining");

        Console.WriteLine();
        Console.WriteLine("module (bench process) memory at copied documents: RSS / managed heap");
        foreach (var m in memory)
            if (m != null) Console.WriteLine($"  {m.Done,12:N0}: RSS {Mib(m.Rss)}, managed {Mib(m.Managed)}");
        if (memory[0] != null && memory[2] != null)
            Console.WriteLine($"  RSS at 100 % / at 10 %: {memory[2]!.Rss / (double)memory[0]!.Rss:F2}x (goal <= 1.2x)");

        Console.WriteLine();
        Console.WriteLine("node RSS over time (max per phase):");
        foreach (var group in sampler.Samples.GroupBy(s => s.Phase))
            Console.WriteLine($"  {group.Key,-9}: {Mib(group.Max(s => s.NodeRss))} (t {group.First().At.TotalSeconds:F0}-{group.Last().At.TotalSeconds:F0} s, load average {group.Min(s => s.Load):F1}-{group.Max(s => s.Load):F1})");
        Console.WriteLine($"  peak: {Mib(sampler.Samples.Count == 0 ? 0 : sampler.Samples.Max(s => s.NodeRss))} = {(sampler.Samples.Count == 0 ? 0 : sampler.Samples.Max(s => s.NodeRss)) / (2.0 * docs):F0} B per document held (two indexes)");

        Console.WriteLine();
        Console.WriteLine($"kNN reads: {traffic.Reads.Count:N0}, p50 {traffic.Reads.Percentile(0.5)} ms, p99 {traffic.Reads.Percentile(0.99)} ms, {traffic.ReadErrors} errors");
        Console.WriteLine($"dual-writes: {traffic.Writes.Count:N0}, p50 {traffic.Writes.Percentile(0.5)} ms, p99 {traffic.Writes.Percentile(0.99)} ms, {traffic.WriteErrors} errors{(traffic.LastError != null ? " (last: " + traffic.LastError + ")" : "")}");
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    private sealed record MemoryAt(long Done, long Rss, long Managed)
    {
        public static MemoryAt Now(long done) => new(done, ResourceSampler.RssOf(Environment.ProcessId), GC.GetTotalMemory(false));
    }
}

/// <summary>One look at the backfill's progress: when, how far, and what it predicted.</summary>
internal sealed record EtaSample(TimeSpan At, double Fraction, double SecondsRemaining);

/// <summary>Samples the node's RSS and the running stage's progress every few seconds.</summary>
internal sealed class ResourceSampler
{
    private readonly int _nodePid;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<EtaSample> _eta = new();
    private Task? _loop;

    public ResourceSampler(int nodePid, TimeSpan interval)
    {
        _nodePid = nodePid;
        _interval = interval;
    }

    public volatile string Phase = "";
    public volatile OperationProgress? Progress;

    public TimeSpan Elapsed => _clock.Elapsed;

    public List<(TimeSpan At, string Phase, long NodeRss, double Load)> Samples { get; } = new();

    public void Start() => _loop = Task.Run(LoopAsync);

    public async Task StopAsync()
    {
        _stop.Cancel();
        if (_loop != null) await _loop;
    }

    /// <summary>The ETA samples so far, and a fresh list for the next stage.</summary>
    public List<EtaSample> TakeEta()
    {
        lock (_eta)
        {
            var taken = _eta.ToList();
            _eta.Clear();
            return taken;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(_interval, _stop.Token); } catch (OperationCanceledException) { return; }
            try
            {
                Sample();
            }
            catch (Exception ex) // a sample that cannot be read must not cost the run its report
            {
                Console.WriteLine("  sample failed: " + ex.Message);
            }
        }
    }

    private void Sample()
    {
        var at = _clock.Elapsed;
        var rss = RssOf(_nodePid);
        var load = LoadAverage();
        lock (Samples) Samples.Add((at, Phase, rss, load));
        if (Progress is { Total: > 0, Completed: false } p && p.SecondsRemaining is int remaining)
            lock (_eta) _eta.Add(new EtaSample(at, p.Done / (double)p.Total!.Value, remaining));
        Console.WriteLine($"  [{at.TotalSeconds,6:F0} s] {Phase,-8} node RSS {rss / 1048576.0,8:N0} MiB  load {load:F1}{(Progress is { } q ? $"  {q.Status}" : "")}");
    }

    /// <summary>The machine's 1-minute load average (/proc/loadavg), as uptime shows it.</summary>
    public static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (IOException) { return double.NaN; }
    }

    /// <summary>A process's resident set (VmRSS in /proc/PID/status), in bytes; 0 when unreadable.</summary>
    public static long RssOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024; // "VmRSS:\t10004900 kB": a tab, no space, past 9.5 GiB
        }
        catch (IOException) { }
        return 0;
    }
}
