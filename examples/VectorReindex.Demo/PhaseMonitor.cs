using System.Collections.Concurrent;
using System.Diagnostics;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Demo;

/// <summary>Watches the migration's _meta and notes when each phase was first seen (the timeline's markers).</summary>
public sealed class PhaseMonitor
{
    public ConcurrentDictionary<MigrationPhase, double> FirstSeen { get; } = new();

    public async Task RunAsync(ElasticsearchCluster cluster, Stopwatch clock, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var m in await MigrationDiscovery.ListAsync(cluster, ct))
                    if (m.Alias == CorpusLoader.Alias) FirstSeen.TryAdd(m.Phase, clock.Elapsed.TotalSeconds);
                await Task.Delay(200, ct);
            }
            catch (OperationCanceledException) { return; }
            catch (ElasticsearchException) { /* a busy moment; look again */ }
        }
    }
}
