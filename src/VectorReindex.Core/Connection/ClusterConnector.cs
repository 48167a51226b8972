using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// Opens a <see cref="ClusterConnection"/>: builds the official client once, asks <c>GET /</c>
    /// (in plain JSON, which every version accepts), and refuses a server that is not
    /// Elasticsearch (no X-Elastic-Product header) or runs a major version other than 8 or 9,
    /// unless forced. The server's major then decides the media types of every later request.
    /// </summary>
    public static class ClusterConnector
    {
        public const int MinimumMajorVersion = 8;
        public const int MaximumMajorVersion = 9;

        public static async Task<ClusterConnection> ConnectAsync(
            ConnectionSettings settings, bool force, ILogger? logger, CancellationToken cancellationToken)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            var trust = new ServerCertificateTrust(settings.SkipCertificateCheck, settings.CertificateFingerprint, settings.CertificateAuthorityPath);
            var clientSettings = BuildClientSettings(settings, trust);
            try
            {
                var client = new ElasticsearchClient(clientSettings);
                var retry = new RetryPolicy(settings.Retry);
                return await ProbeAsync(client, retry, settings.Credentials?.Description ?? "none", clientSettings, trust, settings.Base64Vectors, force, logger, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ((IDisposable)clientSettings).Dispose();
                throw;
            }
        }

        /// <summary>Connects through a caller's client, used as given (its node pool, TLS, credentials and transport retries).</summary>
        public static Task<ClusterConnection> ConnectAsync(
            ElasticsearchClient client, RetrySettings? retry, bool force, ILogger? logger, CancellationToken cancellationToken) =>
            ConnectAsync(client, retry, base64Vectors: true, force, logger, cancellationToken);

        /// <param name="base64Vectors">As <see cref="ConnectionSettings.Base64Vectors"/>: false sends JSON floats to 9.3+ servers too.</param>
        public static Task<ClusterConnection> ConnectAsync(
            ElasticsearchClient client, RetrySettings? retry, bool base64Vectors, bool force, ILogger? logger, CancellationToken cancellationToken)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            return ProbeAsync(client, new RetryPolicy(retry ?? new RetrySettings()), null, null, null, base64Vectors, force, logger, cancellationToken);
        }

        /// <summary>The official client's settings for <paramref name="settings"/>: node pool, credentials, TLS trust, timeouts, compression.</summary>
        internal static ElasticsearchClientSettings BuildClientSettings(ConnectionSettings settings, ServerCertificateTrust trust)
        {
            NodePool pool = settings.CloudId != null
                ? new CloudNodePool(settings.CloudId, settings.Credentials?.Header ?? throw new ArgumentException("An Elastic Cloud deployment needs credentials (basic, API key or bearer token).", nameof(settings)))
                : settings.Nodes.Count == 1 ? new SingleNodePool(settings.Nodes[0]) : new StaticNodePool(settings.Nodes, randomize: false);
            // Request bodies are gzipped by Core's own handler at the fastest level (see GzipRequestBodies), never by the client at its optimal one.
            var invoker = settings.CompressRequests ? new HttpRequestInvoker((inner, _) => new GzipRequestBodies(inner)) : new HttpRequestInvoker();
            var clientSettings = new ElasticsearchClientSettings(pool, invoker)
                .RequestTimeout(settings.RequestTimeout)
                // The retry policy of Core retries (with backoff); the transport makes one attempt per call and fails over between calls.
                .MaximumRetries(0)
                .DisablePing()
                .DeadTimeout(settings.DeadNodeTimeout)
                .EnableHttpCompression(false)
                .ConnectionLimit(64)
                .ServerCertificateValidationCallback(trust.Validate);
            if (settings.Credentials != null) clientSettings.Authentication(settings.Credentials.Header);
            return clientSettings;
        }

        private static async Task<ClusterConnection> ProbeAsync(ElasticsearchClient client, RetryPolicy retry, string? authentication,
            IDisposable? owned, ServerCertificateTrust? trust, bool base64Vectors, bool force, ILogger? logger, CancellationToken cancellationToken)
        {
            logger ??= NullLogger.Instance;
            // Until the version is known, speak plain JSON: 8.x rejects the 9.x client's compatible-with=9.
            var unknown = new ServerInfo(ElasticsearchCluster.Unknown, ElasticsearchCluster.Unknown, ElasticsearchCluster.Unknown, "");
            var probe = new ElasticsearchCluster(client, unknown, retry, logger, authentication, owned: null, trust, base64Vectors: false);
            // One try per node: a wrong address should fail fast, not after a minute of backoff.
            var request = new ElasticsearchRequest(System.Net.Http.HttpMethod.Get, "/") { AcceptAnyStatus = true, MaxRetries = probe.Nodes.Count - 1 };
            var response = await probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var where = response.Node.ToString();

            if (response.Product != "Elasticsearch" && !force)
                throw new ElasticsearchException(
                    $"The server at {where} answered HTTP {response.StatusCode} but is not Elasticsearch: it sent no 'X-Elastic-Product: Elasticsearch' header. " +
                    "It may be Kibana, a proxy or another service, or a proxy that strips that header.",
                    ElasticsearchFailure.NotElasticsearch, "GET", "/", response.Node, response.StatusCode);

            if (!response.IsSuccess)
            {
                var (type, reason, rootCause) = ErrorBodyParser.Parse(response.Body);
                var advice = ErrorAdvice.For(response.StatusCode, type);
                throw new ElasticsearchException(
                    $"The cluster at {where} refused the connection with HTTP {response.StatusCode} ({type ?? "error"}: {reason ?? "no reason given"}). {advice}".TrimEnd(),
                    ElasticsearchFailure.ErrorResponse, "GET", "/", response.Node, response.StatusCode, type, reason, rootCause);
            }

            var info = ServerInfoReader.Read(response, force);
            var version = info.Version;
            if (!force && (version.Major < MinimumMajorVersion || version.Major > MaximumMajorVersion))
                throw new ElasticsearchException(
                    $"The cluster at {where} runs Elasticsearch {(info.VersionNumber.Length > 0 ? info.VersionNumber : "(no version)")}; VectorReindex supports " +
                    $"{MinimumMajorVersion}.0 to {MaximumMajorVersion}.x (dense_vector kNN, point in time, external_gte versioning, and REST compatibility headers as those versions have them). " +
                    "This cluster's version is outside that range.",
                    ElasticsearchFailure.UnsupportedVersion, "GET", "/", response.Node, response.StatusCode);

            var cluster = new ElasticsearchCluster(client, info, retry, logger, authentication, owned, trust, base64Vectors);
            logger.LogInformation("Connected to cluster {ClusterName} (Elasticsearch {Version}) at {Uris} as {Authentication}; {Capabilities}.",
                info.ClusterName, info.VersionNumber, string.Join(", ", cluster.Nodes.Select(n => n.ToString())), cluster.Authentication, cluster.Capabilities.ToString());
            return new ClusterConnection(cluster);
        }
    }
}
