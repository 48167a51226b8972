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
/// the cluster and alias the record says serve (<see cref="VectorMigration.ServingCluster"/>,
/// <see cref="VectorMigration.ServingAlias"/>): the new one from the cutover, home again after a
/// rollback. Polling is the application's, not the module's: any process can discover the switch this way.
/// </summary>
public sealed class ServingEndpoint
{
    private readonly ClusterConnection _home;
    private readonly string _alias;
    private readonly IClusterResolver _clusters;
    private ReadEndpoint _current;

    /// <summary>Readers of <paramref name="alias"/> on <paramref name="home"/>, following a move to any cluster <paramref name="clusters"/> has a connection to.</summary>
    public ServingEndpoint(ClusterConnection home, string alias, IClusterResolver clusters)
    {
        _home = home;
        _alias = alias;
        _clusters = clusters;
        _current = Home;
    }

    /// <summary>An endpoint that never moves (the one-cluster demo).</summary>
    public static ServingEndpoint Fixed(ClusterConnection cluster, string alias) => new(cluster, alias, new ClusterDirectory());

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

    /// <summary>
    /// The endpoint the record names; null when nothing says (no marker: no move, or one
    /// completed; a cluster the application cannot reach), so readers stay where they are.
    /// </summary>
    private async Task<ReadEndpoint?> LookUpAsync(CancellationToken ct)
    {
        var live = await AliasResolver.ResolveWriteIndexAsync(_home.Cluster, _alias, ct);
        var marker = await SourceMarker.ReadAsync(_home.Cluster, live, ct);
        if (marker == null || _clusters.Find(marker.TargetCluster) is not { } target) return null;
        var record = await MigrationStore.ReadAsync(target.Cluster, marker.TargetIndex, ct);
        if (record == null || record.Id != marker.MigrationId) return null;
        if (record.ServingCluster == null || record.ServingCluster.IsSameCluster(_home.Identity)) return Home;
        return _clusters.Find(record.ServingCluster) is { } serving ? new ReadEndpoint(serving.ClusterName, serving.Cluster, record.ServingAlias) : null;
    }
}
