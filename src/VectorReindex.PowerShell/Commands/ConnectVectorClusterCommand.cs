using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using Elastic.Clients.Elasticsearch;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Connects to an Elasticsearch cluster, checks it is Elasticsearch 8.x or 9.x, and makes it the session default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "VectorCluster", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(ClusterConnection))]
    public sealed class ConnectVectorClusterCommand : VectorReindexCmdlet
    {
        private const string UriSet = "Uri";
        private const string CloudSet = "CloudId";
        private const string ClientSet = "Client";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public Uri[] Uri { get; set; } = Array.Empty<Uri>();

        /// <summary>An Elastic Cloud deployment's Cloud ID.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CloudSet)]
        [ValidateNotNullOrEmpty]
        public string CloudId { get; set; } = "";

        /// <summary>An ElasticsearchClient or ElasticsearchClientSettings, used as given (its nodes, credentials, TLS and transport settings).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientSet)]
        [ValidateNotNull]
        public object? Client { get; set; }

        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = CloudSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = CloudSet)]
        [ValidateNotNull]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = CloudSet)]
        [ValidateNotNull]
        [SecureStringTransformation]
        public SecureString? BearerToken { get; set; }

        /// <summary>SHA-256 fingerprint of the cluster's HTTP CA certificate (hex, colons allowed).</summary>
        [Parameter(ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateFingerprint { get; set; }

        /// <summary>PEM file of the CA that signed the cluster's HTTP certificate (config/certs/http_ca.crt).</summary>
        [Parameter(ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateAuthorityPath { get; set; }

        [Parameter(ParameterSetName = UriSet)]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = CloudSet)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 60;

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = RetrySettings.DefaultMaxRetries;

        /// <summary>Send request bodies uncompressed (they are gzipped by default).</summary>
        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = CloudSet)]
        public SwitchParameter NoCompression { get; set; }

        /// <summary>Send dense vectors to 9.3+ servers as JSON floats instead of base64 (the default there).</summary>
        [Parameter]
        public SwitchParameter NoBase64Vectors { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ParameterSetName == ClientSet ? ConnectClient() : ConnectWithSettings();
            SessionDefaults.Set(connection);
            WriteObject(connection);
        }

        private ClusterConnection ConnectWithSettings()
        {
            if (new object?[] { Credential, ApiKey, BearerToken }.Count(c => c != null) > 1)
                ThrowArgumentError(ErrorCatalogue.ConflictingCredentials, "Give one of -Credential, -ApiKey and -BearerToken.", null);
            if ((CertificateFingerprint != null ? 1 : 0) + (CertificateAuthorityPath != null ? 1 : 0) + (SkipCertificateCheck.IsPresent ? 1 : 0) > 1)
                ThrowArgumentError(ErrorCatalogue.ConflictingCertificateTrust, "Give one of -CertificateFingerprint, -CertificateAuthorityPath and -SkipCertificateCheck.", null);

            if (CertificateAuthorityPath != null && !System.IO.File.Exists(SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificateAuthorityPath)))
                ThrowArgumentError(ErrorCatalogue.CertificateAuthorityNotFound, $"-CertificateAuthorityPath '{CertificateAuthorityPath}' does not exist.", CertificateAuthorityPath);

            ConnectionSettings settings;
            try
            {
                settings = ParameterSetName == CloudSet ? ConnectionSettings.ForCloud(CloudId) : new ConnectionSettings(ValidUris());
                settings.SkipCertificateCheck = SkipCertificateCheck.IsPresent;
                settings.CertificateFingerprint = CertificateFingerprint;
                settings.CertificateAuthorityPath = CertificateAuthorityPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificateAuthorityPath);
                settings.RequestTimeout = TimeSpan.FromSeconds(TimeoutSec);
                settings.MaxRetries = MaxRetries;
                settings.CompressRequests = !NoCompression.IsPresent;
                settings.Base64Vectors = !NoBase64Vectors.IsPresent;
                settings.Credentials = Credential != null
                    ? ClusterCredentials.Basic(Credential.UserName.TrimStart('\\'), Credential.GetNetworkCredential().Password)
                    : ApiKey != null ? ClusterCredentials.ApiKey(new NetworkCredential(string.Empty, ApiKey).Password)
                    : BearerToken != null ? ClusterCredentials.Bearer(new NetworkCredential(string.Empty, BearerToken).Password)
                    : null;
            }
            catch (ArgumentException ex)
            {
                ThrowArgumentError(ParameterSetName == CloudSet ? ErrorCatalogue.InvalidCloudId : ErrorCatalogue.InvalidClusterUri, ex.Message, null);
                throw;
            }
            if (SkipCertificateCheck.IsPresent)
                WriteWarning("-SkipCertificateCheck: the server certificate is not validated. Use it only for test clusters.");

            var where = ParameterSetName == CloudSet ? settings.ToString() : string.Join(", ", Uri.Select(u => u.ToString()));
            return RunOperation(ct => ClusterConnector.ConnectAsync(settings, Force.IsPresent, Logger, ct), where);
        }

        private ClusterConnection ConnectClient()
        {
            var given = Client is PSObject wrapped ? wrapped.BaseObject : Client;
            var client = given switch
            {
                ElasticsearchClient c => c,
                ElasticsearchClientSettings s => new ElasticsearchClient(s),
                _ => null,
            };
            if (client == null)
                ThrowArgumentError(ErrorCatalogue.InvalidClient,
                    $"-Client is a {given?.GetType().FullName ?? "null"} (from {given?.GetType().Assembly.Location ?? "nowhere"}), not the module's Elastic.Clients.Elasticsearch " +
                    "ElasticsearchClient or ElasticsearchClientSettings. Build it after Import-Module VectorReindex, with the types the module loaded.", given);
            var retry = new RetrySettings { MaxRetries = MaxRetries };
            return RunOperation(ct => ClusterConnector.ConnectAsync(client!, retry, !NoBase64Vectors.IsPresent, Force.IsPresent, Logger, ct), "the given client");
        }

        private Uri[] ValidUris()
        {
            foreach (var uri in Uri)
            {
                if (!uri.IsAbsoluteUri || (uri.Scheme != "http" && uri.Scheme != "https"))
                    ThrowArgumentError(ErrorCatalogue.InvalidClusterUri, $"-Uri '{uri}' is not an http:// or https:// address. Give the node address, for example https://localhost:9200.", uri);
                if (!string.IsNullOrEmpty(uri.UserInfo))
                    ThrowArgumentError(ErrorCatalogue.CredentialsInUri, $"-Uri '{uri.Scheme}://{uri.Host}:{uri.Port}' carries a user name or password. Pass them with -Credential instead, so they never show in logs.", $"{uri.Scheme}://{uri.Host}:{uri.Port}");
            }
            return Uri;
        }
    }
}
