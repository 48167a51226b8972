using System.Collections.Concurrent;
using System.Diagnostics;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Demo;

/// <summary>A phase on the timeline: when the monitor first saw it in _meta, or, for one it passed between two looks, when it saw the next.</summary>
public sealed record PhaseMark(string Name, double At, bool Inferred);

/// <summary>Watches the migration's _meta and notes when each phase was first seen (the timeline's markers).</summary>
public sealed class PhaseMonitor
{
    /// <summary>The phases every migration that cuts over passes through, in order.</summary>
    private static readonly MigrationPhase[] Path =
    {
        MigrationPhase.Created, MigrationPhase.Backfilling, MigrationPhase.Backfilled, MigrationPhase.Syncing,
        MigrationPhase.Synced, MigrationPhase.Verified, MigrationPhase.CutOver,
    };

    public ConcurrentDictionary<MigrationPhase, double> FirstSeen { get; } = new();

    /// <summary>When the cutover was first seen in _meta; null when it was not.</summary>
    public double? CutOverSeenAt => FirstSeen.TryGetValue(MigrationPhase.CutOver, out var at) ? at : null;

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

    /// <summary>
    /// Every phase seen, plus those of the path that the migration must have passed between two
    /// looks (Verified lasts only as long as the cutover's settings and alias requests), placed at
    /// the first look that saw a later phase: the latest they can have been.
    /// </summary>
    public List<PhaseMark> Marks()
    {
        var marks = FirstSeen.Select(p => new PhaseMark(p.Key.ToString(), p.Value, false)).ToList();
        var furthest = Array.FindLastIndex(Path, p => FirstSeen.ContainsKey(p));
        for (var i = 0; i < furthest; i++)
        {
            if (FirstSeen.ContainsKey(Path[i])) continue;
            var next = Path.Skip(i + 1).First(p => FirstSeen.ContainsKey(p));
            marks.Add(new PhaseMark(Path[i].ToString(), FirstSeen[next], true));
        }
        return marks.OrderBy(m => m.At).ThenBy(m => Enum.Parse<MigrationPhase>(m.Name)).ToList();
    }
}
