namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>What GET / told at connect time: which cluster and node answered, and its version.</summary>
    public sealed class ServerInfo
    {
        public ServerInfo(string clusterName, string clusterUuid, string nodeName, string versionNumber, string? buildFlavor = null)
        {
            ClusterName = clusterName;
            ClusterUuid = clusterUuid;
            NodeName = nodeName;
            VersionNumber = versionNumber;
            Version = ServerVersion.Parse(versionNumber);
            BuildFlavor = buildFlavor;
        }

        public string ClusterName { get; }
        public string ClusterUuid { get; }
        public string NodeName { get; }

        /// <summary>The version string as reported, for example 8.17.0.</summary>
        public string VersionNumber { get; }

        public ServerVersion Version { get; }

        /// <summary>"default" on a self-managed cluster, "serverless" on Elastic Cloud Serverless.</summary>
        public string? BuildFlavor { get; }

        public override string ToString() => $"{ClusterName} (Elasticsearch {VersionNumber}, node {NodeName})";
    }
}
