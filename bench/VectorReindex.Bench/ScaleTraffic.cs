using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Engine;

namespace VectorReindex.Bench;

/// <summary>
/// The application around the migration: kNN readers on the alias (a tag filter and small
/// num_candidates, so brute force over one tag's documents) and writers through the engine's
/// dual-writer (as Write-VectorDocument opens it) (upserts of existing and new documents, deletes), each at a fixed rate. Latencies are
/// kept as counts per millisecond bucket, so memory stays flat however long the run.
/// </summary>
internal sealed class ScaleTraffic
{
    private readonly MigrationEngine _engine;
    private readonly HttpClient _http;
    private readonly string _alias;
    private readonly long _docs;
    private readonly int _dims;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = new();

    public ScaleTraffic(MigrationEngine engine, HttpClient http, string alias, long docs, int dims)
    {
        _engine = engine;
        _http = http;
        _alias = alias;
        _docs = docs;
        _dims = dims;
    }

    public LatencyHistogram Reads { get; } = new();
    public LatencyHistogram Writes { get; } = new();
    public long ReadErrors;
    public long WriteErrors;
    public string? LastError;

    public void Start(int readers, double readsPerSecond, int writers, double writesPerSecond)
    {
        for (var r = 0; r < readers; r++)
        {
            var slot = r;
            _tasks.Add(Task.Run(() => ReadLoopAsync(slot, readsPerSecond)));
        }
        for (var w = 0; w < writers; w++)
        {
            var slot = w;
            _tasks.Add(Task.Run(() => WriteLoopAsync(slot, writers, writesPerSecond)));
        }
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_tasks);
    }

    private async Task ReadLoopAsync(int slot, double perSecond)
    {
        var random = new Random(500 + slot);
        var pace = new Pace(perSecond);
        while (!_stop.IsCancellationRequested)
        {
            if (!await pace.WaitAsync(_stop.Token)) return;
            var n = random.NextInt64(_docs);
            var vector = string.Join(",", ScaleCorpus.Vector(n, 7, _dims).Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            var body = "{\"size\":10,\"_source\":false,\"knn\":{\"field\":\"embedding\",\"query_vector\":[" + vector + "],\"k\":10,\"num_candidates\":20,\"filter\":{\"term\":{\"tag\":\"" + ScaleCorpus.Tag(n) + "\"}}}}";
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await _http.PostAsync($"/{_alias}/_search", new StringContent(body, Encoding.UTF8, "application/json"), _stop.Token);
                await response.Content.ReadAsByteArrayAsync(_stop.Token);
                if (response.IsSuccessStatusCode) Reads.Add(clock.Elapsed.TotalMilliseconds);
                else Failed(ref ReadErrors, $"kNN read: {(int)response.StatusCode}");
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception ex) { Failed(ref ReadErrors, "kNN read: " + ex.Message); }
        }
    }

    private async Task WriteLoopAsync(int slot, int writers, double perSecond)
    {
        var random = new Random(900 + slot);
        var pace = new Pace(perSecond);
        long created = 0;
        while (!_stop.IsCancellationRequested)
        {
            if (!await pace.WaitAsync(_stop.Token)) return;
            var roll = random.Next(100);
            var n = roll < 10 ? _docs + slot + writers * created++ : random.NextInt64(_docs);
            var started = Stopwatch.StartNew();
            try
            {
                // Never cancelled half-way: the writer resolves the alias each time, as an application does.
                var writer = await _engine.OpenDualWriteAsync(new DualWriteOptions { Index = _alias, TextField = "title", VectorField = "embedding" }, MigrationObserver.None, CancellationToken.None);
                var summary = new DualWriteSummary();
                var failures = roll < 70
                    ? await writer.WriteAsync(new[] { Document(n, random.Next(2, 1000)) }, summary, CancellationToken.None)
                    : await writer.DeleteAsync(new[] { ScaleCorpus.Id(n) }, summary, CancellationToken.None);
                if (failures.Count > 0) Failed(ref WriteErrors, "dual-write: " + failures[0].Message);
                else Writes.Add(started.Elapsed.TotalMilliseconds);
            }
            catch (Exception ex) { Failed(ref WriteErrors, "dual-write: " + ex.Message); }
        }
    }

    private VectorDocument Document(long n, int revision)
    {
        var id = ScaleCorpus.Id(n);
        var metadata = new JsonObject { ["n"] = n, ["tag"] = ScaleCorpus.Tag(n), ["title"] = ScaleCorpus.Title(n, revision) };
        return new VectorDocument(id, null, ScaleCorpus.Vector(n, revision, _dims), metadata);
    }

    private void Failed(ref long counter, string message)
    {
        Interlocked.Increment(ref counter);
        LastError = message;
    }
}

/// <summary>A fixed rate: each call waits for the next slot (no catching up in bursts after a slow operation).</summary>
internal sealed class Pace
{
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _next;

    public Pace(double perSecond) => _interval = TimeSpan.FromSeconds(1 / perSecond);

    /// <returns>False when stopped while waiting.</returns>
    public async Task<bool> WaitAsync(CancellationToken ct)
    {
        _next = TimeSpan.FromTicks(Math.Max((_next + _interval).Ticks, _clock.Elapsed.Ticks));
        var wait = _next - _clock.Elapsed;
        if (wait <= TimeSpan.Zero) return true;
        try { await Task.Delay(wait, ct); return true; } catch (OperationCanceledException) { return false; }
    }
}

/// <summary>Latencies in 1 ms buckets up to 60 s: percentiles without keeping every sample.</summary>
internal sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[60_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(double milliseconds)
    {
        Interlocked.Increment(ref _buckets[(int)Math.Clamp(milliseconds, 0, _buckets.Length - 1)]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The upper edge of the bucket holding the <paramref name="quantile"/> sample, in ms.</summary>
    public double Percentile(double quantile)
    {
        var count = Count;
        if (count == 0) return double.NaN;
        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank) return i + 1;
        }
        return _buckets.Length;
    }
}
