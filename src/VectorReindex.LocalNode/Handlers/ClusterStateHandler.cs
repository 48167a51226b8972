using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// A minimal GET _cluster/state: the metadata of every index (state, settings, mappings, aliases), the
/// one node, the index blocks closed indices carry and the routing table, filtered by metric and index.
/// </summary>
internal sealed class ClusterStateHandler
{
    private const string Params = "local,master_timeout,flat_settings,wait_for_metadata_version,wait_for_timeout,ignore_unavailable,allow_no_indices,expand_wildcards";
    private static readonly string[] Metrics = { "version", "master_node", "blocks", "nodes", "metadata", "routing_table", "routing_nodes", "customs" };
    private readonly LocalNodeEngine _engine;

    public ClusterStateHandler(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        router.Add("GET", "/_cluster/state", Params, State);
        router.Add("GET", "/_cluster/state/{metric}", Params, State);
        router.Add("GET", "/_cluster/state/{metric}/{index}", Params, State);
    }

    private RestResponse State(RestRequest request)
    {
        var requested = request.PathParam("metric")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? new[] { "_all" };
        var unknown = requested.Where(m => m != "_all" && !Metrics.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw Errors.IllegalArgument($"request [{request.Path}] contains unrecognized metric{(unknown.Count == 1 ? "" : "s")}: {Levenshtein.DescribeUnknown(unknown, Metrics.Append("_all").ToList())}");
        bool Wants(string metric) => requested.Contains("_all") || requested.Contains(metric);
        var defaults = new IndicesOptions(IgnoreUnavailable: true, ForbidClosed: false);
        var options = IndicesOptions.From(request, defaults);
        var indices = request.PathParam("index") is { } expression
            ? _engine.Cluster.Resolve(expression, options)
            : _engine.Cluster.Indices.Values.ToList();
        var flat = request.Flag("flat_settings", false);
        var identity = _engine.Identity;
        var body = new JsonObject
        {
            ["cluster_name"] = identity.ClusterName,
            ["cluster_uuid"] = identity.ClusterUuid,
        };
        if (Wants("version"))
        {
            body["version"] = 1;
            body["state_uuid"] = LocalCluster.NewUuid();
        }
        if (Wants("master_node"))
            body["master_node"] = identity.NodeId;
        if (Wants("blocks"))
        {
            var blocks = new JsonObject();
            foreach (var index in indices.Where(i => i.IsClosed))
                blocks[index.Name] = new JsonObject
                {
                    ["4"] = new JsonObject { ["description"] = "index closed", ["retryable"] = false, ["levels"] = new JsonArray("read", "write") },
                };
            body["blocks"] = blocks.Count == 0 ? new JsonObject() : new JsonObject { ["indices"] = blocks };
        }
        if (Wants("nodes"))
            body["nodes"] = new JsonObject
            {
                [identity.NodeId] = new JsonObject
                {
                    ["name"] = identity.NodeName,
                    ["ephemeral_id"] = identity.ClusterUuid,
                    ["transport_address"] = "127.0.0.1:9300",
                    ["external_id"] = identity.NodeName,
                    ["attributes"] = new JsonObject(),
                    ["roles"] = new JsonArray("data", "data_content", "ingest", "master"),
                    ["version"] = _engine.Profile.Version.ToString(),
                },
            };
        if (Wants("metadata"))
        {
            var metadataIndices = new JsonObject();
            foreach (var index in indices)
                metadataIndices[index.Name] = IndexMetadata(index, flat);
            body["metadata"] = new JsonObject
            {
                ["cluster_uuid"] = identity.ClusterUuid,
                ["cluster_uuid_committed"] = true,
                ["templates"] = new JsonObject(),
                ["indices"] = metadataIndices,
            };
        }
        if (Wants("routing_table"))
        {
            var table = new JsonObject();
            foreach (var index in indices)
                table[index.Name] = new JsonObject { ["shards"] = Shards(index) };
            body["routing_table"] = new JsonObject { ["indices"] = table };
        }
        return RestResponse.Ok(body);
    }

    private static JsonObject IndexMetadata(LocalIndex index, bool flat)
    {
        var primaryTerms = new JsonObject();
        var inSync = new JsonObject();
        for (var shard = 0; shard < index.Settings.NumberOfShards; shard++)
        {
            var key = shard.ToString(CultureInfo.InvariantCulture);
            primaryTerms[key] = 1;
            inSync[key] = new JsonArray(index.Uuid + "-" + key);
        }
        return new JsonObject
        {
            ["version"] = 1,
            ["mapping_version"] = 1,
            ["settings_version"] = 1,
            ["aliases_version"] = 1,
            ["routing_num_shards"] = int.Parse(index.Settings.Get("index.number_of_routing_shards") ?? index.Settings.NumberOfShards.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            ["state"] = index.State,
            ["settings"] = IndexSettings.ToJson(index.Settings.Values, flat),
            ["mappings"] = index.Mapping.Source.Count == 0 ? new JsonObject() : new JsonObject { ["_doc"] = index.Mapping.Source.DeepClone() },
            ["aliases"] = new JsonArray(index.Aliases.Keys.Select(a => (JsonNode)a).ToArray()),
            ["primary_terms"] = primaryTerms,
            ["in_sync_allocations"] = inSync,
        };
    }

    private JsonObject Shards(LocalIndex index)
    {
        var shards = new JsonObject();
        for (var shard = 0; shard < index.Settings.NumberOfShards; shard++)
        {
            var copies = new JsonArray(new JsonObject
            {
                ["state"] = "STARTED",
                ["primary"] = true,
                ["node"] = _engine.Identity.NodeId,
                ["relocating_node"] = null,
                ["shard"] = shard,
                ["index"] = index.Name,
                ["allocation_id"] = new JsonObject { ["id"] = index.Uuid + "-" + shard.ToString(CultureInfo.InvariantCulture) },
            });
            for (var replica = 0; replica < index.Settings.NumberOfReplicas; replica++)
                copies.Add(new JsonObject
                {
                    ["state"] = "UNASSIGNED",
                    ["primary"] = false,
                    ["node"] = null,
                    ["relocating_node"] = null,
                    ["shard"] = shard,
                    ["index"] = index.Name,
                    ["recovery_source"] = new JsonObject { ["type"] = "PEER" },
                    ["unassigned_info"] = new JsonObject { ["reason"] = "INDEX_CREATED", ["allocation_status"] = "no_attempt" },
                });
            shards[shard.ToString(CultureInfo.InvariantCulture)] = copies;
        }
        return shards;
    }
}
