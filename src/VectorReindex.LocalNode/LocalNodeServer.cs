using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VectorReindex.LocalNode.Faults;
using VectorReindex.LocalNode.Handlers;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode;

/// <summary>
/// An Elasticsearch-compatible single node over Kestrel. Start it in process (tests use port 0)
/// or from the command line (Program.cs).
/// </summary>
public sealed class LocalNodeServer : IAsyncDisposable
{
    /// <summary>The version this node presents in <c>GET /</c>.</summary>
    public const string PresentedVersion = "8.17.0";

    private readonly WebApplication _app;
    private readonly LocalNodeEngine _engine;
    private int _disposed;

    private LocalNodeServer(WebApplication app, LocalNodeEngine engine, Uri uri)
    {
        _app = app;
        _engine = engine;
        Options = engine.Options;
        Uri = uri;
    }

    public LocalNodeOptions Options { get; }

    /// <summary>The engine behind the REST layer, for in-process loaders (benchmarks) that bypass HTTP.</summary>
    internal LocalNodeEngine Engine => _engine;

    /// <summary>Base address, for example http://127.0.0.1:53211/.</summary>
    public Uri Uri { get; }

    /// <summary>The faults currently injected; settable at run time (same as PUT /_localnode/faults).</summary>
    public FaultSettings Faults
    {
        get => _engine.Faults.Settings;
        set => _engine.Faults.Settings = value ?? FaultSettings.None;
    }

    /// <summary>Log records (metadata and documents) replayed from the data directory at start.</summary>
    public long RecoveredRecords => _engine.Data?.RecoveredRecords ?? 0;

    /// <summary>Makes every write so far visible to search in every index (as POST /_refresh).</summary>
    public void RefreshAll()
    {
        foreach (var index in _engine.Cluster.Indices.Values)
            index.RefreshAll();
    }

    /// <summary>Writes a snapshot of the data directory now and retires the log it covers (no-op without --data).</summary>
    public void Snapshot() => _engine.Data?.Snapshot();

    public static async Task<LocalNodeServer> StartAsync(LocalNodeOptions options, CancellationToken cancellationToken = default)
    {
        var engine = new LocalNodeEngine(options);
        var router = new RestRouter();
        new ClusterHandlers(engine).Register(router);
        new IndexHandlers(engine).Register(router);
        new AliasHandlers(engine).Register(router);
        new DocumentHandlers(engine).Register(router);
        new BulkHandler(engine).Register(router);
        new CatHandlers(engine).Register(router);
        var searchContexts = new Search.SearchContextRegistry();
        new SearchHandlers(engine, searchContexts).Register(router);
        new PitHandlers(engine, searchContexts).Register(router);
        new ReindexHandlers(engine, new Tasks.TaskRegistry(engine.Identity.ClusterUuid[..8])).Register(router);
        new FaultHandlers(engine).Register(router);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.AddServerHeader = false;
            k.Listen(IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port);
        });
        var app = builder.Build();
        var dispatcher = new RequestDispatcher(engine, router);
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return new LocalNodeServer(app, engine, new Uri($"http://{options.Host}:{bound.Port}/"));
    }

    public Task StopAsync() => _app.StopAsync();

    /// <summary>Completes when the host shuts down (SIGTERM, Ctrl+C or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => ((IHost)_app).WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _engine.DisposeAsync().ConfigureAwait(false);
    }
}
