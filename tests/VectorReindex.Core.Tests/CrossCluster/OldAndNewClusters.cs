using System.Net.Http.Headers;
using System.Text;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.CrossCluster;

/// <summary>
/// The blue/green pair of a move to a new cluster, in process: an old cluster (8.x, 8.19 unless
/// given, basic authentication) and a new one (the node's default 9.x, an API key), each a
/// restartable node on its own data with its own credentials, a connection made with them, and a
/// seeder that speaks to it with them too.
/// </summary>
internal sealed class OldAndNewClusters : IAsyncDisposable
{
    public const string DefaultOldVersion = "8.19.0";

    public const string OldName = "old-cluster";
    public const string NewName = "new-cluster";
    public const string OldUser = "old-ops";
    public const string OldPassword = "old-secret";
    public const string NewApiKey = "bmV3LWtleTpuZXctc2VjcmV0";

    private OldAndNewClusters(Side old, Side @new)
    {
        Old = old;
        New = @new;
    }

    /// <summary>The source: basic authentication as <see cref="OldUser"/>.</summary>
    public Side Old { get; }

    /// <summary>The target: the API key <see cref="NewApiKey"/> (no user accepted).</summary>
    public Side New { get; }

    /// <summary>Both connections, as a host that holds both would offer them.</summary>
    public IClusterResolver Clusters => new ClusterDirectory(Old.Connection, New.Connection);

    /// <summary>The engine that migrates from the old cluster to the new one.</summary>
    public MigrationEngine Engine => new(Old.Connection, New.Connection);

    /// <param name="newRetries">Retries of calls to the new cluster (a test that stops it waits for its absence, not for a minute of backoff).</param>
    public static async Task<OldAndNewClusters> StartAsync(string oldVersion = DefaultOldVersion, int? newRetries = null)
    {
        var old = await Side.StartAsync(oldVersion, OldName, o => (o.User, o.Password) = (OldUser, OldPassword),
            ClusterCredentials.Basic(OldUser, OldPassword), new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(OldUser + ":" + OldPassword))));
        try
        {
            var @new = await Side.StartAsync(LocalNodeOptions.DefaultEsVersion, NewName, o => o.ApiKey = NewApiKey,
                ClusterCredentials.ApiKey(NewApiKey), new AuthenticationHeaderValue("ApiKey", NewApiKey), newRetries);
            return new OldAndNewClusters(old, @new);
        }
        catch
        {
            await old.DisposeAsync();
            throw;
        }
    }

    /// <summary>An alias over a <paramref name="shards"/>-shard v1 index of routed documents on the old cluster.</summary>
    public async Task<string> SeedAsync(string stem, int documents, int dims, Func<int, string?>? routing, int shards = 2)
    {
        var alias = stem + "-" + Guid.NewGuid().ToString("N")[..8];
        await Old.Seed.CreateVectorIndexAsync(alias + "-v1", alias, dims, shards: shards);
        await Old.Seed.IndexDocumentsAsync(alias + "-v1", 0, documents, dims, routing: routing);
        return alias;
    }

    /// <summary>Connects again to both clusters with their credentials, as a new session (a restarted module) would.</summary>
    public async Task<(ClusterConnection Old, ClusterConnection New)> ConnectAgainAsync() =>
        (await Side.ConnectAsync(Old.Node.Uri, Old.Credentials), await Side.ConnectAsync(New.Node.Uri, New.Credentials));

    public async ValueTask DisposeAsync()
    {
        await New.DisposeAsync();
        await Old.DisposeAsync();
    }

    /// <summary>One cluster of the pair.</summary>
    internal sealed class Side : IAsyncDisposable
    {
        private readonly ServerCredentials _server;

        private Side(RestartableNode node, ServerCredentials server, ClusterConnection connection, ClusterCredentials credentials, ClusterSeeder seed)
        {
            Node = node;
            _server = server;
            Connection = connection;
            Credentials = credentials;
            Seed = seed;
        }

        public RestartableNode Node { get; }

        public ClusterConnection Connection { get; }

        public ClusterCredentials Credentials { get; }

        public ClusterSeeder Seed { get; }

        public static async Task<Side> StartAsync(string version, string name, Action<LocalNodeOptions> credentials, ClusterCredentials clientCredentials, AuthenticationHeaderValue header, int? maxRetries = null)
        {
            var server = new ServerCredentials(credentials);
            var node = await RestartableNode.StartAsync(version, name, o => server.Apply(o));
            var connection = await ConnectAsync(node.Uri, clientCredentials, maxRetries);
            return new Side(node, server, connection, clientCredentials, new ClusterSeeder(node.Uri, header));
        }

        /// <summary>Restarts the node requiring other credentials (a rotated password or key): the open connection's no longer work.</summary>
        public async Task RestartRequiringAsync(Action<LocalNodeOptions> credentials)
        {
            await Node.StopAsync();
            _server.Apply = credentials;
            await Node.StartAgainAsync();
        }

        /// <summary>
        /// A connection with these credentials and the default retry budget (what must ride out a
        /// restart) unless <paramref name="maxRetries"/> says otherwise (then at most 300 ms of retrying).
        /// </summary>
        public static Task<ClusterConnection> ConnectAsync(Uri uri, ClusterCredentials credentials, int? maxRetries = null)
        {
            var settings = new ConnectionSettings(new[] { uri }) { Credentials = credentials };
            if (maxRetries is int retries)
            {
                settings.Retry.MaxRetries = retries;
                settings.Retry.MaxRetryTime = TimeSpan.FromMilliseconds(300);
            }
            return ClusterConnector.ConnectAsync(settings, false, null, CancellationToken.None);
        }

        /// <summary>Successful index operations on <paramref name="index"/> since the node started: what a run wrote, independent of the engine's own counters.</summary>
        public async Task<long> IndexTotalAsync(string index) =>
            (await Seed.SendAsync(HttpMethod.Get, $"/{index}/_stats/indexing"))!["_all"]!["primaries"]!["indexing"]!["index_total"]!.GetValue<long>();

        public async Task<string?> GcDeletesAsync(string index) =>
            (await Seed.SendAsync(HttpMethod.Get, $"/{index}/_settings"))![index]!["settings"]!["index"]!["gc_deletes"]?.ToString();

        public async ValueTask DisposeAsync()
        {
            Seed.Dispose();
            Connection.Dispose();
            await Node.DisposeAsync();
        }
    }

    /// <summary>What the node requires at its next start.</summary>
    private sealed class ServerCredentials
    {
        public ServerCredentials(Action<LocalNodeOptions> apply) => Apply = apply;

        public Action<LocalNodeOptions> Apply { get; set; }
    }
}
