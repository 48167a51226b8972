namespace VectorReindex.Demo;

/// <summary>What the --cross-cluster mode adds to the report: the two clusters, the readers' switch and the old side's checks.</summary>
public sealed class CrossClusterRun
{
    /// <summary>The old cluster's process and banner.</summary>
    public required string OldCluster { get; init; }

    public required string NewCluster { get; init; }

    public required string OldClusterName { get; init; }

    public required string NewClusterName { get; init; }

    public int OldPid { get; init; }

    public int NewPid { get; init; }

    public required int OldShards { get; init; }

    public required int NewShards { get; init; }

    /// <summary>When readers moved between clusters, as their endpoint poller saw the record change.</summary>
    public List<EndpointSwitch> Switches { get; init; } = new();

    /// <summary>The old cluster's index against the writers' ground truth (with the old model's vectors): kept current for rollback.</summary>
    public required Verification OldIndex { get; init; }

    /// <summary>The new cluster's index against the old's: ids, versions, routing and fields.</summary>
    public required ClusterAgreement Agreement { get; init; }

    /// <summary>What Complete-VectorMigration did after the checks (phase, marker, old index's write block); null when the migration did not cut over.</summary>
    public string? Completion { get; init; }

    public double? SwitchAt => Switches.Count > 0 ? Switches[0].At : null;

    public bool Agrees => OldIndex.Lost == 0 && OldIndex.Stale == 0 && OldIndex.Resurrected == 0 && Agreement.Differences == 0;
}
