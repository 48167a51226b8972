using System.Net.Http.Headers;
using System.Text;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// The blue/green pair of a move to a new cluster: an old cluster (8.x, basic authentication) and a
/// new one (the node's default 9.x, an API key), each a restartable node with its own credentials,
/// a connection made with them, and a seeder that speaks to it with them too.
/// </summary>
internal sealed class CredentialedClusters : IAsyncDisposable
{
    public const string OldName = "old-cluster";
    public const string NewName = "new-cluster";
    public const string OldUser = "old-ops";
    public const string OldPassword = "old-secret";
    public const string NewApiKey = "bmV3LWtleTpuZXctc2VjcmV0";

    private CredentialedClusters(Side old, Side @new)
    {
        Old = old;
        New = @new;
    }

    /// <summary>The source: basic authentication as <see cref="OldUser"/>.</summary>
    public Side Old { get; }

    /// <summary>The target: the API key <see cref="NewApiKey"/> (no user accepted).</summary>
    public Side New { get; }

    public static async Task<CredentialedClusters> StartAsync(string oldVersion)
    {
        var old = await Side.StartAsync(oldVersion, OldName, o => (o.User, o.Password) = (OldUser, OldPassword),
            ClusterCredentials.Basic(OldUser, OldPassword), new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(OldUser + ":" + OldPassword))));
        try
        {
            var @new = await Side.StartAsync(LocalNodeOptions.DefaultEsVersion, NewName, o => o.ApiKey = NewApiKey,
                ClusterCredentials.ApiKey(NewApiKey), new AuthenticationHeaderValue("ApiKey", NewApiKey));
            return new CredentialedClusters(old, @new);
        }
        catch
        {
            await old.DisposeAsync();
            throw;
        }
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

        public static async Task<Side> StartAsync(string version, string name, Action<LocalNodeOptions> credentials, ClusterCredentials clientCredentials, AuthenticationHeaderValue header)
        {
            var server = new ServerCredentials(credentials);
            var node = await RestartableNode.StartAsync(version, name, o => server.Apply(o));
            var connection = await ConnectAsync(node.Uri, clientCredentials);
            return new Side(node, server, connection, clientCredentials, new ClusterSeeder(node.Uri, header));
        }

        /// <summary>Restarts the node requiring other credentials (a rotated password or key): the open connection's no longer work.</summary>
        public async Task RestartRequiringAsync(Action<LocalNodeOptions> credentials)
        {
            await Node.StopAsync();
            _server.Apply = credentials;
            await Node.StartAgainAsync();
        }

        /// <summary>A connection with these credentials and the default retry budget (what must ride out a restart) unless <paramref name="maxRetries"/> says otherwise.</summary>
        public static Task<ClusterConnection> ConnectAsync(Uri uri, ClusterCredentials credentials, int? maxRetries = null)
        {
            var settings = new ConnectionSettings(new[] { uri }) { Credentials = credentials };
            if (maxRetries is int retries) settings.MaxRetries = retries;
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
