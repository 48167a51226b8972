using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Search;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>GET {index}/_field_usage_stats: per shard, how searches have read each field since tracking began.</summary>
internal sealed class FieldUsageStatsHandler
{
    private readonly LocalNodeEngine _engine;
    private readonly FieldUsageRegistry _usage;

    public FieldUsageStatsHandler(LocalNodeEngine engine, FieldUsageRegistry usage)
    {
        _engine = engine;
        _usage = usage;
    }

    public void Register(RestRouter router)
        => router.Add("GET", "/{index}/_field_usage_stats", "fields,ignore_unavailable,allow_no_indices,expand_wildcards,wait_for_active_shards", Stats);

    private RestResponse Stats(RestRequest request)
    {
        var patterns = request.ListParam("fields");
        bool Included(string field) => patterns == null || patterns.Any(p => Wildcard.Matches(p, field));
        var indices = _engine.Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, new IndicesOptions()));
        var body = new JsonObject();
        var total = 0;
        foreach (var index in indices.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var shards = new JsonArray();
            for (var shard = 0; shard < index.Settings.NumberOfShards; shard++)
            {
                var usage = _usage.For(index.Uuid, shard);
                shards.Add(new JsonObject
                {
                    ["tracking_id"] = usage.TrackingId,
                    ["tracking_started_at_millis"] = usage.StartedAtMillis,
                    ["routing"] = ShardRouting.StartedPrimary(_engine.Identity.NodeId),
                    ["stats"] = usage.ToJson(Included),
                });
                total++;
            }
            body[index.Name] = new JsonObject { ["shards"] = shards };
        }
        var response = new JsonObject { ["_shards"] = new JsonObject { ["total"] = total, ["successful"] = total, ["failed"] = 0 } };
        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            response[name] = value;
        }
        return RestResponse.Ok(response);
    }
}
