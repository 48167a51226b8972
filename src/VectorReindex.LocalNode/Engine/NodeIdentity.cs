using System.Text.Json;
using VectorReindex.LocalNode.Compatibility;

namespace VectorReindex.LocalNode.Engine;

/// <summary>The node's name, cluster and uuid, and the <c>GET /</c> body built from them.</summary>
internal sealed class NodeIdentity
{
    public NodeIdentity(LocalNodeOptions options, VersionProfile profile)
    {
        NodeName = options.NodeName;
        ClusterName = options.ClusterName;
        ClusterUuid = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        InfoJson = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = NodeName,
            ["cluster_name"] = ClusterName,
            ["cluster_uuid"] = ClusterUuid,
            ["version"] = new Dictionary<string, object>
            {
                ["number"] = profile.Version.ToString(),
                ["build_flavor"] = "default",
                ["build_type"] = "tar",
                ["build_hash"] = profile.BuildHash,
                ["build_date"] = profile.BuildDate,
                ["build_snapshot"] = false,
                ["lucene_version"] = profile.LuceneVersion,
                ["minimum_wire_compatibility_version"] = profile.MinimumWireCompatibilityVersion,
                ["minimum_index_compatibility_version"] = profile.MinimumIndexCompatibilityVersion,
            },
            ["tagline"] = "You Know, for Search",
        });
    }

    public string NodeName { get; }
    public string ClusterName { get; }
    public string ClusterUuid { get; }

    /// <summary>The node's id in task ids, cluster state and routing tables.</summary>
    public string NodeId => ClusterUuid[..8];
    public string InfoJson { get; }
}
