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
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Faults;
using VectorReindex.LocalNode.Handlers;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Tasks;

namespace VectorReindex.LocalNode;

/// <summary>
/// An Elasticsearch-compatible single node over Kestrel. Start it in process (tests use port 0)
/// or from the command line (Program.cs).
/// </summary>
public sealed class LocalNodeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalNodeEngine _engine;
    private int _disposed;

    private LocalNodeServer(WebApplication app, LocalNodeEngine engine, Uri uri, NodeCertificates? certificates)
    {
        _app = app;
        _engine = engine;
        Options = engine.Options;
        Uri = uri;
        Certificates = certificates;
    }

    /// <summary>With TLS: the certificate served and the CA to trust (its fingerprint is what clients pin).</summary>
    internal NodeCertificates? Certificates { get; }

    /// <summary>With TLS: the SHA-256 fingerprint (lower-case hex) of the CA clients should trust; null without TLS.</summary>
    public string? CaFingerprint => Certificates?.Fingerprint;

    /// <summary>With TLS and generated certificates in a data directory: the CA certificate's PEM file.</summary>
    public string? CaCertificatePath => Certificates?.CaPath;

    public LocalNodeOptions Options { get; }

    /// <summary>The Elasticsearch version this node presents in <c>GET /</c> and in behaviour.</summary>
    public string PresentedVersion => _engine.Profile.Version.ToString();

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

    /// <summary>What recovery of the data directory found and did that an operator should know (stray files, drops).</summary>
    public IReadOnlyList<string> StartupNotices => _engine.Data?.Notices ?? Array.Empty<string>();

    /// <summary>
    /// Starts the node. A cause the operator can fix (damaged data, a taken port, an address that cannot
    /// be bound, an unwritable data directory) comes as <see cref="LocalNodeStartupException"/>.
    /// </summary>
    public static async Task<LocalNodeServer> StartAsync(LocalNodeOptions options, CancellationToken cancellationToken = default)
    {
        var certificates = options.Tls ? NodeCertificates.Load(options) : null;
        var listenAddress = options.ListenAddress;
        LocalNodeEngine engine;
        try
        {
            engine = new LocalNodeEngine(options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LocalNodeStartupException($"cannot use data directory {options.DataPath}: {ex.Message} Give --data a directory the node can create and write.", ex);
        }
        var router = new RestRouter();
        new ClusterHandlers(engine).Register(router);
        new ClusterStateHandler(engine).Register(router);
        new IndexHandlers(engine).Register(router);
        new IndexStateHandlers(engine).Register(router);
        new IndicesStatsHandler(engine).Register(router);
        new AliasHandlers(engine).Register(router);
        new DocumentHandlers(engine).Register(router);
        new BulkHandler(engine).Register(router);
        new CatHandlers(engine).Register(router);
        var searchContexts = new Search.SearchContextRegistry();
        var fieldUsage = new Search.FieldUsageRegistry();
        new SearchHandlers(engine, searchContexts, fieldUsage).Register(router);
        new FieldUsageStatsHandler(engine, fieldUsage).Register(router);
        new PitHandlers(engine, searchContexts).Register(router);
        var tasks = new Tasks.TaskRegistry(engine.Identity.NodeId);
        new ReindexHandlers(engine, tasks).Register(router);
        new ShardMaintenanceHandlers(engine, tasks).Register(router);
        new FaultHandlers(engine).Register(router);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificates != null)
            builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            // A stalled body is ended by the dispatcher's idle timeout (with a JSON 408); Kestrel's rate
            // check would drop the connection without a body.
            k.Limits.MinRequestBodyDataRate = null;
            // The dispatcher enforces Elasticsearch's smaller line and header limits with JSON errors;
            // Kestrel's own (which answer without a body) stay out of their way.
            k.Limits.MaxRequestLineSize = 1 << 20;
            k.Limits.MaxRequestHeadersTotalSize = 1 << 20;
            k.Limits.MaxRequestHeaderCount = 1000;
            k.AddServerHeader = false;
            k.Listen(listenAddress, options.Port, listen =>
            {
                if (certificates != null)
                    listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificates.Serving,
                        // Sent with the node certificate, as Elasticsearch's http.p12 does, so clients can pin the CA.
                        ServerCertificateChain = certificates.Chain,
                    });
            });
        });
        var app = builder.Build();
        var dispatcher = new RequestDispatcher(engine, router);
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await engine.DisposeAsync().ConfigureAwait(false);
            if (ex is Microsoft.AspNetCore.Connections.AddressInUseException || ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
                throw new LocalNodeStartupException($"port {options.Port} on {options.Host} is already in use: stop what listens there, or give another --port (0 picks a free one).", ex);
            if (ex is IOException or System.Net.Sockets.SocketException)
                throw new LocalNodeStartupException($"cannot listen on {options.Host}:{options.Port}: {(ex.InnerException ?? ex).Message}. Give --host an address of this machine (127.0.0.1, 0.0.0.0, ::1).", ex);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return new LocalNodeServer(app, engine, new Uri($"{(certificates != null ? "https" : "http")}://{options.Host}:{bound.Port}/"), certificates);
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
