using System.Text.Json.Nodes;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// The "routing" object of a per-shard stats entry: every shard the node holds is a started primary on
/// this node, never relocating.
/// </summary>
internal static class ShardRouting
{
    public static JsonObject StartedPrimary(string nodeId)
        => new() { ["state"] = "STARTED", ["primary"] = true, ["node"] = nodeId, ["relocating_node"] = null };
}
