using System.Text.Json;

namespace VectorReindex.LocalNode;

/// <summary>The node's name, cluster and uuid, and the <c>GET /</c> body built from them.</summary>
internal sealed class NodeIdentity
{
    public NodeIdentity(LocalNodeOptions options)
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
                ["number"] = LocalNodeServer.PresentedVersion,
                ["build_flavor"] = "default",
                ["build_type"] = "tar",
                ["build_hash"] = "0000000000000000000000000000000000000000",
                ["build_date"] = "2024-12-11T12:08:05.663969764Z",
                ["build_snapshot"] = false,
                ["lucene_version"] = "9.12.0",
                ["minimum_wire_compatibility_version"] = "7.17.0",
                ["minimum_index_compatibility_version"] = "7.0.0",
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
