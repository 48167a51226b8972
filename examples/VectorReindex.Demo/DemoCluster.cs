using VectorReindex.Bench;
using VectorReindex.Core.Connection;

namespace VectorReindex.Demo;

/// <summary>
/// A local node in a process of its own (as a cluster is: the demo's readers, writers and
/// collections never share its CPU time or heap) and the demo's connection to it. Disposing
/// stops the node by its PID, whatever happens to the run.
/// </summary>
public sealed class DemoCluster : IAsyncDisposable
{
    private readonly LocalNodeProcess _node;

    private DemoCluster(LocalNodeProcess node, ClusterConnection connection)
    {
        _node = node;
        Connection = connection;
    }

    public ClusterConnection Connection { get; }

    public int Pid => _node.Pid;

    /// <summary>The node's "localnode listening on ..." line.</summary>
    public string Banner => _node.Banner;

    public Uri Uri => _node.Uri;

    /// <summary>The process, the cluster and its version, as the report names them.</summary>
    public string Description => $"own process, pid {Pid} ({Banner})";

    /// <summary>Starts a node presenting <paramref name="esVersion"/> (null: the node's default) named <paramref name="clusterName"/>, and connects.</summary>
    public static async Task<DemoCluster> StartAsync(string? esVersion, string? clusterName, CancellationToken ct)
    {
        var node = await LocalNodeProcess.StartAsync(esVersion, clusterName);
        try
        {
            var connection = await ClusterConnector.ConnectAsync(new ConnectionSettings(new[] { node.Uri }) { RequestTimeout = TimeSpan.FromMinutes(2) }, force: false, logger: null, ct);
            return new DemoCluster(node, connection);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await _node.DisposeAsync();
    }
}
