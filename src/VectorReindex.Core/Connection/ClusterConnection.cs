using System;
using System.Collections.Generic;
using System.Linq;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// A verified connection to one Elasticsearch cluster: what <c>Connect-VectorCluster</c> returns
    /// and every other cmdlet accepts as -Cluster. Holds the <see cref="ElasticsearchCluster"/>; shows no secrets.
    /// </summary>
    public sealed class ClusterConnection : IDisposable
    {
        public ClusterConnection(ElasticsearchCluster cluster)
        {
            Cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
            ConnectedAt = DateTimeOffset.UtcNow;
        }

        public string ClusterName => Cluster.Server.ClusterName;

        public string ClusterUuid => Cluster.Server.ClusterUuid;

        /// <summary>Elasticsearch version as reported by GET /, for example 8.17.0.</summary>
        public string Version => Cluster.Server.VersionNumber.Length > 0 ? Cluster.Server.VersionNumber : "unknown";

        /// <summary>Elasticsearch's major version (0 when unknown).</summary>
        public int MajorVersion => Cluster.Server.Version.Major;

        /// <summary>The server may leave dense vectors out of _source unless a read asks for them (8.19, 9.1+).</summary>
        public bool MustAskForVectors => Cluster.Capabilities.MustAskForVectors;

        /// <summary>The node that answered the connect call.</summary>
        public string NodeName => Cluster.Server.NodeName;

        public IReadOnlyList<Uri> Uris => Cluster.Nodes;

        /// <summary>"basic (user elastic)", "API key", "bearer token" or "none": never the secret.</summary>
        public string Authentication => Cluster.Authentication;

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>Which cluster this is: what migration records store in place of the connection.</summary>
        public ClusterIdentity Identity => new ClusterIdentity(ClusterName, ClusterUuid, Uris.Select(u => u.ToString()).ToList());

        /// <summary>False once <see cref="Dispose"/> ran: the session must not hand it out any more.</summary>
        public bool IsOpen { get; private set; } = true;

        /// <summary>The cluster access every Core operation uses: the official client and what was learned at connect time.</summary>
        public ElasticsearchCluster Cluster { get; }

        public void Dispose()
        {
            IsOpen = false;
            Cluster.Dispose();
        }

        public override string ToString() => Cluster.ToString();
    }
}
