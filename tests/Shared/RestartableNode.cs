using VectorReindex.LocalNode;

namespace VectorReindex.Tests.Shared;

/// <summary>
/// A local node in this process on a data directory of its own, stopped and started again on the
/// same port and data: to a client, a node restart (its connections refused while it is down, its
/// points in time gone, its acknowledged writes kept).
/// </summary>
public sealed class RestartableNode : IAsyncDisposable
{
    private readonly string _data;
    private readonly string _esVersion;
    private readonly string? _clusterName;
    private readonly Action<LocalNodeOptions>? _configure;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private LocalNodeServer? _node;
    private int _port;

    private RestartableNode(string data, string esVersion, string? clusterName, Action<LocalNodeOptions>? configure)
    {
        _data = data;
        _esVersion = esVersion;
        _clusterName = clusterName;
        _configure = configure;
    }

    public Uri Uri { get; private set; } = null!;

    /// <summary>Times the node was started again after a stop.</summary>
    public int Restarts { get; private set; }

    /// <summary>How long the last restart kept the node from answering: from the stop to the end of the start (recovery included).</summary>
    public TimeSpan LastDowntime { get; private set; }

    private DateTime _stoppedAt;

    /// <param name="configure">Applied to the options of every start after the cluster name (credentials); a restart may start differently, as after a password rotation.</param>
    public static async Task<RestartableNode> StartAsync(string esVersion = LocalNodeOptions.DefaultEsVersion, string? clusterName = null, Action<LocalNodeOptions>? configure = null)
    {
        var node = new RestartableNode(Directory.CreateTempSubdirectory("vr-restartable-").FullName, esVersion, clusterName, configure);
        await node.StartAgainAsync();
        return node;
    }

    /// <summary>Stops the node (connections refused from here on); its data directory stays.</summary>
    public async Task StopAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_node == null) return;
            _stoppedAt = DateTime.UtcNow;
            await _node.DisposeAsync();
            _node = null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Starts the node on its port and data directory (the first start picks a free port).</summary>
    public async Task StartAgainAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_node != null) return;
            var options = new LocalNodeOptions { Port = _port, EsVersion = _esVersion, DataPath = _data };
            if (_clusterName != null) options.ClusterName = _clusterName;
            _configure?.Invoke(options);
            _node = await LocalNodeServer.StartAsync(options);
            if (_port != 0)
            {
                Restarts++;
                LastDowntime = DateTime.UtcNow - _stoppedAt;
            }
            _port = _node.Uri.Port;
            Uri = _node.Uri;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops the node, and starts it again after <paramref name="down"/> without waiting for it: returns once it is down.</summary>
    public async Task<Task> StopThenStartAfterAsync(TimeSpan down)
    {
        await StopAsync();
        return Task.Run(async () =>
        {
            await Task.Delay(down);
            await StartAgainAsync();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* a temp directory; the OS cleans it up */ }
    }
}
