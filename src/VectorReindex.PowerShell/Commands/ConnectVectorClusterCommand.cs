using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Connects to an Elasticsearch cluster, checks it is Elasticsearch 8.0+, and makes it the session default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "VectorCluster")]
    [OutputType(typeof(ClusterConnection))]
    public sealed class ConnectVectorClusterCommand : VectorReindexCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public Uri[] Uri { get; set; } = Array.Empty<Uri>();

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNull]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 60;

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = 5;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (Credential != null && ApiKey != null)
                ThrowArgumentError(ErrorCatalogue.ConflictingCredentials, "Give either -Credential or -ApiKey, not both.", null);

            var settings = new ConnectionSettings(ValidUris())
            {
                SkipCertificateCheck = SkipCertificateCheck.IsPresent,
                RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
                MaxRetries = MaxRetries,
                Credentials = Credential != null
                    ? ClusterCredentials.Basic(Credential.UserName.TrimStart('\\'), Credential.GetNetworkCredential().Password)
                    : ApiKey != null ? ClusterCredentials.ApiKey(new NetworkCredential(string.Empty, ApiKey).Password) : null,
            };
            if (SkipCertificateCheck.IsPresent)
                WriteWarning("-SkipCertificateCheck: the server certificate is not validated. Use it only for test clusters.");

            var connection = RunOperation(ct => ClusterConnector.ConnectAsync(settings, Force.IsPresent, Logger, ct), string.Join(", ", Uri.Select(u => u.ToString())));
            SessionDefaults.Set(connection);
            WriteObject(connection);
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
