using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Http;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// Opens a <see cref="ClusterConnection"/>: calls <c>GET /</c> and refuses a server that is not
    /// Elasticsearch (no X-Elastic-Product header) or is older than 8.0, unless forced.
    /// </summary>
    public static class ClusterConnector
    {
        public const int MinimumMajorVersion = 8;

        public static async Task<ClusterConnection> ConnectAsync(
            TransportSettings settings, bool force, ILogger? logger, CancellationToken cancellationToken)
        {
            logger ??= NullLogger.Instance;
            var transport = new ElasticsearchTransport(settings, logger);
            try
            {
                var info = await ProbeAsync(transport, force, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Connected to cluster {ClusterName} (Elasticsearch {Version}) at {Uris} as {Authentication}.",
                    info.ClusterName, info.Version?.Number, settings.ToString(), settings.Credentials?.Description ?? "anonymous");
                return new ClusterConnection(transport, info.ClusterName ?? "unknown", info.ClusterUuid ?? "unknown",
                    info.Version?.Number ?? "unknown", info.Name ?? "unknown");
            }
            catch
            {
                transport.Dispose();
                throw;
            }
        }

        private static async Task<RootInfoResponse> ProbeAsync(IElasticsearchTransport transport, bool force, CancellationToken cancellationToken)
        {
            // One try per node: a wrong address should fail fast, not after a minute of backoff.
            var request = new ElasticsearchRequest(HttpMethod.Get, "/") { AcceptAnyStatus = true, MaxRetries = transport.Settings.Nodes.Count - 1 };
            var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var where = response.Node.ToString();

            if (response.Product != "Elasticsearch" && !force)
                throw new ElasticsearchException(
                    $"The server at {where} answered HTTP {response.StatusCode} but is not Elasticsearch: it sent no 'X-Elastic-Product: Elasticsearch' header. " +
                    "Check that the URI points at an Elasticsearch node (not Kibana, a proxy or another service); use -Force only if a proxy strips that header.",
                    ElasticsearchFailure.NotElasticsearch, "GET", "/", response.Node, response.StatusCode);

            if (!response.IsSuccess)
            {
                var (type, reason, rootCause) = ErrorBodyParser.Parse(response.Body);
                var advice = ErrorAdvice.For(response.StatusCode, type);
                throw new ElasticsearchException(
                    $"The cluster at {where} refused the connection with HTTP {response.StatusCode} ({type ?? "error"}: {reason ?? "no reason given"}). {advice}".TrimEnd(),
                    ElasticsearchFailure.ErrorResponse, "GET", "/", response.Node, response.StatusCode, type, reason, rootCause);
            }

            RootInfoResponse info;
            try
            {
                info = response.Deserialize(CoreJsonContext.Default.RootInfoResponse);
            }
            catch (JsonException) when (force)
            {
                return new RootInfoResponse();
            }
            catch (JsonException ex)
            {
                throw new ElasticsearchException(
                    $"The server at {where} sent a GET / body that is not Elasticsearch's cluster information ({ex.Message}). Check the URI.",
                    ElasticsearchFailure.NotElasticsearch, "GET", "/", response.Node, response.StatusCode, innerException: ex);
            }

            if (!force && MajorVersion(info.Version?.Number) < MinimumMajorVersion)
                throw new ElasticsearchException(
                    $"The cluster at {where} runs Elasticsearch {info.Version?.Number ?? "(no version)"}; VectorReindex needs {MinimumMajorVersion}.0 or later " +
                    "(dense_vector kNN, point in time, external_gte versioning as 8.x has them). Upgrade the cluster, or use -Force at your own risk.",
                    ElasticsearchFailure.UnsupportedVersion, "GET", "/", response.Node, response.StatusCode);
            return info;
        }

        private static int MajorVersion(string? number)
        {
            if (string.IsNullOrEmpty(number)) return 0;
            var dot = number!.IndexOf('.');
            return int.TryParse(dot < 0 ? number : number.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;
        }
    }
}
