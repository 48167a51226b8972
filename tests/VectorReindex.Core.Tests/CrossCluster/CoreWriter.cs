using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Documents;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;

namespace VectorReindex.Core.Tests.CrossCluster;

/// <summary>
/// An application writer that knows only one cluster and writes through the module's Core: each
/// batch opens a writer (so it follows a cutover or rollback as the record says) and upserts,
/// updates metadata or deletes a few of its own documents (n % writers == slot), with their
/// routing. It remembers what each document must end as, to check that nothing was lost.
/// </summary>
public sealed class CoreWriter
{
    private readonly ClusterConnection _known;
    private readonly IClusterResolver _clusters;
    private readonly string _alias;
    private readonly int _slot;
    private readonly int _writers;
    private readonly int _documents;
    private readonly int _dims;
    private readonly Func<int, string?> _routing;
    private readonly Random _random;
    private readonly Dictionary<int, Expected> _expected = new();

    public CoreWriter(ClusterConnection known, IClusterResolver clusters, string alias, int slot, int writers, int documents, int dims, Func<int, string?> routing, int seed)
    {
        _known = known;
        _clusters = clusters;
        _alias = alias;
        _slot = slot;
        _writers = writers;
        _documents = documents;
        _dims = dims;
        _routing = routing;
        _random = new Random(seed * 101 + slot);
    }

    /// <summary>What a document must be at the end: absent, or with this title and price.</summary>
    public sealed record Expected(bool Deleted, string? Title, int Price);

    public IReadOnlyDictionary<int, Expected> ExpectedState => _expected;

    public DualWriteSummary Summary { get; } = new();

    public long MetadataUpdated { get; private set; }

    public long MetadataSecondUpdated { get; private set; }

    public ConcurrentQueue<DocumentFailure> Failures { get; } = new();

    /// <summary>The clusters the writes went to first, by name, as the routing said at each batch.</summary>
    public ConcurrentDictionary<string, int> FirstClusters { get; } = new();

    public int Batches { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await BatchAsync();
            Batches++;
        }
    }

    public async Task RunBatchesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await BatchAsync();
            Batches++;
        }
    }

    private int Pick() => _random.Next(_documents / _writers) * _writers + _slot;

    private async Task BatchAsync()
    {
        var engine = new MigrationEngine(_known);
        var ids = Enumerable.Range(0, 5).Select(_ => Pick()).Distinct().ToList();
        var roll = _random.Next(100);
        if (roll < 40)
        {
            var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = _alias, Clusters = _clusters, TextField = "title", VectorField = "embedding" }, MigrationObserver.None, default);
            FirstClusters.AddOrUpdate(writer.Routing.LiveCluster.Name, 1, (_, c) => c + 1);
            var docs = new List<VectorDocument>();
            foreach (var n in ids)
            {
                var title = $"product number {n} revised {_random.Next(100000)} by w{_slot}";
                var price = _random.Next(1000);
                var vector = ClusterSeeder_Vector(n + _random.Next(1000) * 100_000);
                docs.Add(new VectorDocument("doc-" + n, title, vector, new JsonObject { ["tags"] = new JsonArray("w" + _slot), ["price"] = price }, _routing(n)));
                _expected[n] = new Expected(false, title, price);
            }
            Record(await writer.WriteAsync(docs, Summary, default));
        }
        else if (roll < 80)
        {
            // Only documents known to exist: a metadata update of a missing one is (rightly) an error.
            var existing = ids.Where(n => !_expected.TryGetValue(n, out var e) || !e.Deleted).ToList();
            if (existing.Count == 0) return;
            var price = _random.Next(1000);
            var updater = await engine.OpenMetadataUpdateAsync(new MetadataUpdateOptions { Index = _alias, Set = new JsonObject { ["price"] = price }, Clusters = _clusters }, MigrationObserver.None, default);
            Record(await updater.ApplyAsync(existing.Select(n => new DocumentKey("doc-" + n, _routing(n))).ToList(), default));
            MetadataUpdated = updater.Summary.Updated;
            MetadataSecondUpdated += updater.Summary.TargetUpdated;
            foreach (var n in existing)
                _expected[n] = _expected.TryGetValue(n, out var e) ? e with { Price = price } : new Expected(false, null, price);
        }
        else
        {
            var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = _alias, Clusters = _clusters }, MigrationObserver.None, default);
            Record(await writer.DeleteAsync(ids.Select(n => new DocumentKey("doc-" + n, _routing(n))).ToList(), Summary, default));
            foreach (var n in ids) _expected[n] = new Expected(true, null, 0);
        }
    }

    private float[] ClusterSeeder_Vector(int n) => VectorReindex.Tests.Shared.ClusterSeeder.Vector(n, _dims);

    private void Record(IReadOnlyList<DocumentFailure> failures)
    {
        foreach (var f in failures) Failures.Enqueue(f);
    }
}
