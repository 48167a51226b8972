using System;
using System.Collections.Generic;
using System.Linq;
using VectorReindex.Core.Http;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// A verified connection to one Elasticsearch cluster: what <c>Connect-VectorCluster</c> returns
    /// and every other cmdlet accepts as -Cluster. Holds the transport; shows no secrets.
    /// </summary>
    public sealed class ClusterConnection : IDisposable
    {
        public ClusterConnection(IElasticsearchTransport transport, string clusterName, string clusterUuid, string version, string nodeName)
        {
            Transport = transport ?? throw new ArgumentNullException(nameof(transport));
            ClusterName = clusterName;
            ClusterUuid = clusterUuid;
            Version = version;
            NodeName = nodeName;
            ConnectedAt = DateTimeOffset.UtcNow;
        }

        public string ClusterName { get; }

        public string ClusterUuid { get; }

        /// <summary>Elasticsearch version as reported by GET /, for example 8.17.0.</summary>
        public string Version { get; }

        /// <summary>Elasticsearch's major version (0 when unknown).</summary>
        public int MajorVersion => int.TryParse(Version.Split('.')[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : 0;

        /// <summary>9.x leaves dense vectors out of _source unless asked (_source_exclude_vectors=false); 8.x rejects that parameter.</summary>
        public bool MustAskForVectors => MajorVersion >= 9;

        /// <summary>The node that answered the connect call.</summary>
        public string NodeName { get; }

        public IReadOnlyList<Uri> Uris => Transport.Settings.Nodes;

        /// <summary>"basic (user elastic)", "API key", "bearer token" or "none": never the secret.</summary>
        public string Authentication => Transport.Settings.Credentials?.Description ?? "none";

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>Which cluster this is: what migration records store in place of the connection.</summary>
        public ClusterIdentity Identity => new ClusterIdentity(ClusterName, ClusterUuid, Uris.Select(u => u.ToString()).ToList());

        /// <summary>False once <see cref="Dispose"/> ran: the session must not hand it out any more.</summary>
        public bool IsOpen { get; private set; } = true;

        /// <summary>The REST transport every Core operation uses.</summary>
        public IElasticsearchTransport Transport { get; }

        public void Dispose()
        {
            IsOpen = false;
            Transport.Dispose();
        }

        public override string ToString() => $"{ClusterName} ({Version}) at {string.Join(", ", Uris.Select(u => u.ToString()))}";
    }
}
