using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>GET /, cluster health (with wait_for_status) and the cluster settings the node honours.</summary>
internal sealed class ClusterHandlers
{
    private const string HealthParams = "wait_for_status,timeout,level,local,master_timeout,wait_for_active_shards,wait_for_nodes,wait_for_events,wait_for_no_relocating_shards,wait_for_no_initializing_shards,expand_wildcards";
    private readonly LocalNodeEngine _engine;

    public ClusterHandlers(LocalNodeEngine engine)
    {
        _engine = engine;
    }

    public void Register(RestRouter router)
    {
        router.Add("GET,HEAD", "/", "", _ => RestResponse.Raw(200, _engine.Identity.InfoJson));
        router.Add("GET", "/_cluster/health", HealthParams, HealthAsync);
        router.Add("GET", "/_cluster/health/{index}", HealthParams, HealthAsync);
        router.Add("GET", "/_cluster/settings", "flat_settings,include_defaults,master_timeout,timeout", GetSettings);
        router.Add("PUT", "/_cluster/settings", "flat_settings,master_timeout,timeout", PutSettings);
    }

    private static int Rank(string status) => status switch { "green" => 0, "yellow" => 1, _ => 2 };

    private async Task<RestResponse> HealthAsync(RestRequest request)
    {
        var wanted = request.Param("wait_for_status");
        if (wanted is not (null or "green" or "yellow" or "red"))
            throw Errors.IllegalArgument($"unknown cluster health status [{wanted}]");
        var timeout = TimeValue.Parse(request.Param("timeout") ?? "30s", "timeout") ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + timeout;
        var level = request.Param("level") ?? "cluster";
        while (true)
        {
            var indices = _engine.Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, IndicesOptions.OpenAndClosed with { ExpandHidden = true }));
            var status = indices.Count == 0 ? "green" : indices.Max(i => i.Settings.NumberOfReplicas > 0 ? "yellow" : "green")!;
            var timedOut = wanted != null && Rank(status) > Rank(wanted);
            if (timedOut && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                continue;
            }
            return RestResponse.Json(timedOut ? 408 : 200, w => Write(indices, status, timedOut, level).WriteTo(w));
        }
    }

    private JsonObject Write(List<LocalIndex> indices, string status, bool timedOut, string level)
    {
        var primaries = indices.Sum(i => i.Settings.NumberOfShards);
        var unassigned = indices.Sum(i => i.Settings.NumberOfShards * i.Settings.NumberOfReplicas);
        var body = new JsonObject
        {
            ["cluster_name"] = _engine.Identity.ClusterName,
            ["status"] = status,
            ["timed_out"] = timedOut,
            ["number_of_nodes"] = 1,
            ["number_of_data_nodes"] = 1,
            ["active_primary_shards"] = primaries,
            ["active_shards"] = primaries,
            ["relocating_shards"] = 0,
            ["initializing_shards"] = 0,
            ["unassigned_shards"] = unassigned,
            ["unassigned_primary_shards"] = 0,
            ["delayed_unassigned_shards"] = 0,
            ["number_of_pending_tasks"] = 0,
            ["number_of_in_flight_fetch"] = 0,
            ["task_max_waiting_in_queue_millis"] = 0,
            ["active_shards_percent_as_number"] = primaries + unassigned == 0 ? 100.0 : 100.0 * primaries / (primaries + unassigned),
        };
        if (level is "indices" or "shards")
        {
            var perIndex = new JsonObject();
            foreach (var index in indices)
            {
                var shards = index.Settings.NumberOfShards;
                var replicas = index.Settings.NumberOfReplicas;
                var entry = new JsonObject
                {
                    ["status"] = replicas > 0 ? "yellow" : "green",
                    ["number_of_shards"] = shards,
                    ["number_of_replicas"] = replicas,
                    ["active_primary_shards"] = shards,
                    ["active_shards"] = shards,
                    ["relocating_shards"] = 0,
                    ["initializing_shards"] = 0,
                    ["unassigned_shards"] = shards * replicas,
                    ["unassigned_primary_shards"] = 0,
                };
                if (level == "shards")
                {
                    var shardEntries = new JsonObject();
                    for (var s = 0; s < shards; s++)
                        shardEntries[s.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
                        {
                            ["status"] = replicas > 0 ? "yellow" : "green",
                            ["primary_active"] = true,
                            ["active_shards"] = 1,
                            ["relocating_shards"] = 0,
                            ["initializing_shards"] = 0,
                            ["unassigned_shards"] = replicas,
                            ["unassigned_primary_shards"] = 0,
                        };
                    entry["shards"] = shardEntries;
                }
                perIndex[index.Name] = entry;
            }
            body["indices"] = perIndex;
        }
        return body;
    }

    private RestResponse GetSettings(RestRequest request)
    {
        var persistent = new JsonObject();
        if (!_engine.Cluster.DestructiveRequiresName)
            persistent["action"] = new JsonObject { ["destructive_requires_name"] = "false" };
        return RestResponse.Ok(new JsonObject { ["persistent"] = persistent, ["transient"] = new JsonObject() });
    }

    private RestResponse PutSettings(RestRequest request)
    {
        var body = RequestBody.ParseObject(request);
        var applied = new JsonObject { ["acknowledged"] = true, ["persistent"] = new JsonObject(), ["transient"] = new JsonObject() };
        foreach (var scope in new[] { "persistent", "transient" })
        {
            if (body[scope] is not JsonObject settings)
                continue;
            var flat = IndexSettings.ToJson(Array.Empty<KeyValuePair<string, string>>(), true);
            foreach (var (key, value) in Flatten(settings, ""))
            {
                if (key != "action.destructive_requires_name")
                    throw Errors.IllegalArgument($"persistent setting [{key}], not recognized");
                _engine.Cluster.DestructiveRequiresName = value != "false";
                flat[key] = value;
            }
            applied[scope] = flat;
        }
        return RestResponse.Ok(applied);
    }

    private static IEnumerable<(string Key, string? Value)> Flatten(JsonObject obj, string prefix)
    {
        foreach (var (key, value) in obj)
        {
            if (value is JsonObject child)
                foreach (var item in Flatten(child, prefix + key + "."))
                    yield return item;
            else
                yield return (prefix + key, value?.ToString());
        }
    }
}
