using System.Diagnostics;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Demo;

/// <summary>A cluster and the alias readers query there.</summary>
public sealed record ReadEndpoint(string ClusterName, ElasticsearchCluster Cluster, string Alias);

/// <summary>When readers moved from one cluster to another.</summary>
public sealed record EndpointSwitch(double At, string From, string To);

/// <summary>
/// Where an application's readers send their queries, kept as an application would keep it: it
/// knows its home (old) cluster and alias; it polls the alias's write index there for a migration
/// marker, reads that migration's record on the cluster the marker names, and sends queries to
/// that cluster's alias once the record says it serves (cut over), back home if it is rolled back.
/// Polling is the application's, not the module's: any process can discover the switch this way.
/// </summary>
public sealed class ServingEndpoint
{
    private readonly ClusterConnection _home;
    private readonly string _alias;
    private readonly IReadOnlyList<ClusterConnection> _known;
    private ReadEndpoint _current;

    public ServingEndpoint(ClusterConnection home, string alias, IReadOnlyList<ClusterConnection> known)
    {
        _home = home;
        _alias = alias;
        _known = known;
        _current = Home;
    }

    /// <summary>An endpoint that never moves (the one-cluster demo).</summary>
    public static ServingEndpoint Fixed(ClusterConnection cluster, string alias) => new(cluster, alias, Array.Empty<ClusterConnection>());

    public ReadEndpoint Current => Volatile.Read(ref _current);

    public List<EndpointSwitch> Switches { get; } = new();

    /// <summary>Polls the record every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var serving = await LookUpAsync(ct);
                var current = Current;
                if (serving != null && serving.Cluster != current.Cluster)
                {
                    lock (Switches) Switches.Add(new EndpointSwitch(clock.Elapsed.TotalSeconds, current.ClusterName, serving.ClusterName));
                    Volatile.Write(ref _current, serving);
                }
                await Task.Delay(interval, ct);
            }
            catch (OperationCanceledException) { return; }
            catch (ElasticsearchException) { /* a busy moment; look again */ }
        }
    }

    private ReadEndpoint Home => new(_home.ClusterName, _home.Cluster, _alias);

    /// <summary>The endpoint the record names; null when nothing says (no marker: no move, or one completed), so readers stay where they are.</summary>
    private async Task<ReadEndpoint?> LookUpAsync(CancellationToken ct)
    {
        var live = await AliasResolver.ResolveWriteIndexAsync(_home.Cluster, _alias, ct);
        var marker = await SourceMarker.ReadAsync(_home.Cluster, live, ct);
        if (marker == null) return null;
        var target = _known.FirstOrDefault(c => c.IsOpen && marker.TargetCluster.IsSameCluster(c.Identity));
        if (target == null) return null;
        var record = await MigrationStore.ReadAsync(target.Cluster, marker.TargetIndex, ct);
        if (record == null || record.Id != marker.MigrationId) return null;
        return record.Phase == MigrationPhase.CutOver ? new ReadEndpoint(target.ClusterName, target.Cluster, marker.TargetAlias ?? _alias) : Home;
    }
}
