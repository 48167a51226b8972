using System.Diagnostics;

namespace VectorReindex.Demo;

/// <summary>
/// The demo's live traffic while a migration runs: readers sending kNN queries where their
/// <see cref="ServingEndpoint"/> says, writers making upserts, metadata updates and deletes,
/// and the watchers (phase monitor, endpoint poller) beside them, all on one clock until stopped.
/// Disposing stops them too, so a run that fails half-way leaves nothing running.
/// </summary>
public sealed class LiveTraffic : IAsyncDisposable
{
    public const int Readers = 4;
    public const int Writers = 4;

    private readonly List<Task> _tasks = new();
    private readonly CancellationTokenSource _stop;

    private LiveTraffic(CancellationToken ct) => _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

    public Stopwatch Clock { get; } = new();

    public TrafficLog Log { get; } = new();

    /// <summary>What each document must be at the end: the writers' acknowledged operations.</summary>
    public required GroundTruth Truth { get; init; }

    /// <summary>
    /// Starts the clock, the <paramref name="watchers"/>, <see cref="Readers"/> readers and
    /// <see cref="Writers"/> writers, the writer of slot i made by <paramref name="writer"/>.
    /// </summary>
    public static LiveTraffic Start(DemoOptions options, ServingEndpoint endpoint, Func<GroundTruth, int, TrafficWriter> writer,
        IEnumerable<Func<Stopwatch, CancellationToken, Task>> watchers, CancellationToken ct)
    {
        var traffic = new LiveTraffic(ct) { Truth = new GroundTruth(options.Documents) };
        traffic.Clock.Start();
        var stop = traffic._stop.Token;
        foreach (var watcher in watchers) traffic._tasks.Add(Task.Run(() => watcher(traffic.Clock, stop)));
        // Each reader and writer starts at its own offset, so the operations arrive evenly spaced (one query
        // every 1/qps seconds, the writes halfway between) as independent clients' do, not in bursts of four.
        for (var i = 0; i < Readers; i++)
        {
            var seed = options.Seed * 100 + i;
            var offset = TimeSpan.FromSeconds(i / options.QueriesPerSecond);
            traffic._tasks.Add(Task.Run(() => new QueryReader(endpoint).RunAsync(options.QueriesPerSecond / Readers, offset, seed, traffic.Clock, traffic.Log, stop)));
        }
        for (var i = 0; i < Writers; i++)
        {
            var slot = writer(traffic.Truth, i);
            var offset = TimeSpan.FromSeconds((i + 0.5) / options.WritesPerSecond);
            traffic._tasks.Add(Task.Run(() => slot.RunAsync(options.WritesPerSecond / Writers, offset, traffic.Clock, traffic.Log, stop)));
        }
        return traffic;
    }

    public double Now => Clock.Elapsed.TotalSeconds;

    /// <summary>Stops readers, writers and watchers and waits until each has finished its operation (at once when already stopped).</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) _stop.Cancel();
        await Task.WhenAll(_tasks);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception)
        {
            // Disposing after a failure: the failure is what the caller sees.
        }
        _stop.Dispose();
    }
}
