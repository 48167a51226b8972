using System.Diagnostics;
using System.Text.Json.Nodes;
using VectorReindex.Core.Connection;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;

namespace VectorReindex.Demo;

/// <summary>
/// An application writer using the module's safe operations through MigrationEngine, as the
/// cmdlets do: upserts and deletes through its dual writer (Write-VectorDocument,
/// Remove-VectorDocument), metadata changes through its metadata updater (Set-IndexMetadata).
/// It knows one cluster; a migration to another is followed there (its connection found in the
/// writer's cluster directory), the cluster the record serves from written first. It owns the
/// document numbers n with n % writers == slot, so its acknowledged operations are the ground
/// truth for them. Every operation carries the document's routing (the --cross-cluster mode
/// routes by store) and opens its writer anew, so it follows a cutover at once.
/// </summary>
public sealed class TrafficWriter
{
    private readonly MigrationEngine _engine;
    private readonly IClusterResolver? _clusters;
    private readonly GroundTruth _truth;
    private readonly int _slot;
    private readonly int _writers;
    private readonly DemoOptions _options;
    private readonly int _documents;

    /// <summary>A writer that knows <paramref name="cluster"/>, and finds any other cluster a migration names in <paramref name="clusters"/> (null: none).</summary>
    public TrafficWriter(ClusterConnection cluster, IClusterResolver? clusters, GroundTruth truth, int slot, int writers, DemoOptions options)
    {
        _engine = new MigrationEngine(cluster);
        _clusters = clusters;
        _truth = truth;
        _slot = slot;
        _writers = writers;
        _options = options;
        _documents = options.Documents;
    }

    /// <summary>Makes <paramref name="perSecond"/> writes a second, the first at <paramref name="offset"/> from now.</summary>
    public async Task RunAsync(double perSecond, TimeSpan offset, Stopwatch clock, TrafficLog log, CancellationToken ct)
    {
        var random = new Random(1000 + _slot);
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var next = clock.Elapsed + offset - interval;
        var created = 0;
        while (!ct.IsCancellationRequested)
        {
            next += interval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, ct); } catch (OperationCanceledException) { return; }
            }
            // Pick a document this writer owns; now and then a brand-new one.
            var n = random.Next(10) == 0
                ? _documents + _slot + _writers * created++
                : random.Next(_documents / _writers) * _writers + _slot;
            var roll = random.Next(100);
            var started = clock.Elapsed;
            try
            {
                // Operations are never cancelled half-way: an acknowledged write must be recorded as truth.
                if (roll < 50) await UpsertAsync(n);
                else if (roll < 80) await UpdatePriceAsync(n, random);
                else await DeleteAsync(n);
                log.Writes.Enqueue(new Sample(started.TotalSeconds, (clock.Elapsed - started).TotalMilliseconds, true, null));
            }
            catch (Exception ex)
            {
                log.Writes.Enqueue(new Sample(started.TotalSeconds, (clock.Elapsed - started).TotalMilliseconds, false, ex.Message));
            }
        }
    }

    private async Task UpsertAsync(int n)
    {
        var previous = _truth.Get(n);
        var revision = previous.Revision + 1;
        var metadata = Corpus.Metadata(n, revision);
        var writer = await OpenWriterAsync();
        var summary = new DualWriteSummary();
        var failures = await writer.WriteAsync(new[] { new VectorDocument(Corpus.Id(n), Corpus.Text(n, revision), null, metadata, Corpus.Routing(_options, n)) }, summary, CancellationToken.None);
        if (summary.Written == 1) _truth.Set(n, new GroundTruth.Expected(true, revision, metadata["price"]!.GetValue<double>()));
        if (failures.Count > 0) throw new InvalidOperationException(failures[0].Message);
    }

    private async Task UpdatePriceAsync(int n, Random random)
    {
        var previous = _truth.Get(n);
        if (!previous.Exists) { await UpsertAsync(n); return; }
        var price = Math.Round(previous.Price + random.Next(1, 20) * 0.5, 2);
        var updater = await _engine.OpenMetadataUpdateAsync(new MetadataUpdateOptions { Index = CorpusLoader.Alias, Set = new JsonObject { ["price"] = price }, Clusters = _clusters },
            MigrationObserver.None, CancellationToken.None);
        var failures = await updater.ApplyAsync(new[] { Key(n) }, CancellationToken.None);
        if (updater.Summary.Updated + updater.Summary.Noop == 1) _truth.Set(n, previous with { Price = price });
        if (failures.Count > 0) throw new InvalidOperationException(failures[0].Message);
    }

    private async Task DeleteAsync(int n)
    {
        var writer = await OpenWriterAsync();
        var summary = new DualWriteSummary();
        var failures = await writer.DeleteAsync(new[] { Key(n) }, summary, CancellationToken.None);
        if (failures.Count > 0) throw new InvalidOperationException(failures[0].Message);
        _truth.Set(n, _truth.Get(n) with { Exists = false });
    }

    private Task<DualWriter> OpenWriterAsync() =>
        _engine.OpenDualWriteAsync(new DualWriteOptions { Index = CorpusLoader.Alias, TextField = "text", VectorField = "embedding", Clusters = _clusters },
            MigrationObserver.None, CancellationToken.None);

    private DocumentKey Key(int n) => new(Corpus.Id(n), Corpus.Routing(_options, n));
}
