using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Durability;
using VectorReindex.LocalNode.Faults;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Engine;

/// <summary>
/// Everything behind the REST layer: the cluster state, the write paths, the data directory and its
/// log, fault injection, and the background refresh and snapshot loops.
/// </summary>
internal sealed class LocalNodeEngine : IAsyncDisposable
{
    private const long SnapshotThresholdBytes = 256L << 20;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _refreshLoop;
    private readonly Task _snapshotLoop;

    public LocalNodeEngine(LocalNodeOptions options)
    {
        Options = options;
        Profile = VersionProfile.For(options.EsVersion);
        Identity = new NodeIdentity(options, Profile);
        Cluster = new LocalCluster { DestructiveRequiresName = options.DestructiveRequiresName, Profile = Profile };
        Faults = new FaultInjector(options.Faults ?? FaultSettings.None);
        if (options.DataPath != null)
        {
            Data = new DataDirectory(options.DataPath, Cluster, options.Recover);
            Log = Data.Open();
        }
        Cluster.MetadataChanged = LogMetadata;
        Documents = new DocumentService(Cluster, () => Log);
        WritePool = NodeThreadPool.Write(Identity.NodeName);
        SearchPool = NodeThreadPool.Search(Identity.NodeName);
        RefreshPool = NodeThreadPool.Refresh(Identity.NodeName);
        _refreshLoop = Task.Run(RefreshLoopAsync);
        _snapshotLoop = Task.Run(SnapshotLoopAsync);
    }

    public LocalNodeOptions Options { get; }
    public NodeIdentity Identity { get; }

    /// <summary>The presented version's behaviour, which every handler consults.</summary>
    public VersionProfile Profile { get; }
    public LocalCluster Cluster { get; }
    public DocumentService Documents { get; }
    public FaultInjector Faults { get; }
    public DataDirectory? Data { get; }
    public WriteAheadLog? Log { get; }

    /// <summary>Where document writes and bulk requests run.</summary>
    public NodeThreadPool WritePool { get; }

    /// <summary>Where searches, counts and scroll pages run.</summary>
    public NodeThreadPool SearchPool { get; }

    /// <summary>Where scheduled refreshes and refresh requests run.</summary>
    public NodeThreadPool RefreshPool { get; }

    private void LogMetadata()
    {
        if (Log == null)
            return;
        var ticket = Log.AppendMetadata(MetadataCodec.Serialize(Cluster.Indices.Values));
        Log.Sync(ticket);
    }

    private async Task RefreshLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(50, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            List<DocumentStore>? due = null;
            foreach (var index in Cluster.Indices.Values)
            {
                var interval = index.Settings.RefreshInterval;
                if (interval == null)
                    continue;
                foreach (var shard in index.Shards)
                    if (shard.HasUnrefreshedChanges && Environment.TickCount64 - shard.LastRefreshMillis >= interval.Value.TotalMilliseconds)
                        (due ??= new()).Add(shard);
            }
            if (due != null)
                await RefreshPool.RunAsync("scheduled refresh", () =>
                {
                    foreach (var shard in due)
                        shard.Refresh();
                    return Task.FromResult(due.Count);
                }).ConfigureAwait(false);
        }
    }

    private async Task SnapshotLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // A snapshot rewrites everything, so wait until the log since the last one is at least as
            // large as that snapshot: writing snapshots then costs no more than the log itself, and
            // replay at restart stays within about twice the data size.
            if (Data != null && Log != null && Log.GenerationBytes > Math.Max(SnapshotThresholdBytes, Data.LastSnapshotBytes))
                Data.Snapshot();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await Task.WhenAll(_refreshLoop, _snapshotLoop).ConfigureAwait(false);
        WritePool.Dispose();
        SearchPool.Dispose();
        RefreshPool.Dispose();
        Log?.Dispose();
    }
}
