using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>Opening and closing points in time.</summary>
internal sealed class PitHandlers
{
    private readonly LocalNodeEngine _engine;
    private readonly SearchContextRegistry _contexts;

    public PitHandlers(LocalNodeEngine engine, SearchContextRegistry contexts)
    {
        _engine = engine;
        _contexts = contexts;
    }

    public void Register(RestRouter router)
    {
        const string openParams = "keep_alive,ignore_unavailable,expand_wildcards,allow_no_indices,routing,preference,allow_partial_search_results,max_concurrent_shard_requests";
        router.Add("POST", "/{index}/_pit", openParams, Open);
        router.Add("DELETE", "/_pit", "", Close);
    }

    private RestResponse Open(RestRequest request)
    {
        var keepAliveText = request.Param("keep_alive") ?? throw Errors.ActionValidation("[keep_alive] is missing");
        var keepAlive = TimeValue.Parse(keepAliveText, "keep_alive") ?? throw Errors.IllegalArgument("[keep_alive] must be positive");
        var body = RequestBody.ParseObjectOrNull(request);
        var resolved = TargetResolver.Resolve(_engine.Cluster, request.PathParam("index"), IndicesOptions.From(request, new IndicesOptions()), request.Param("routing"));
        var shards = new List<(LocalIndex, int, SearchSnapshot, JsonNode?)>();
        foreach (var (index, shard, filter) in ShardTargets.Select(resolved))
        {
            JsonNode? combined = filter;
            if (body?["index_filter"] is { } indexFilter)
                combined = combined == null ? indexFilter.DeepClone() : new JsonObject { ["bool"] = new JsonObject { ["filter"] = new JsonArray(combined.DeepClone(), indexFilter.DeepClone()) } };
            shards.Add((index, shard, index.Shards[shard].Snapshot, combined));
        }
        var pit = new PointInTime(SearchContextRegistry.NewId("pit:"), shards, keepAlive);
        _contexts.Add(pit);
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", pit.Id);
            SearchResponseWriter.WriteShards(w, shards.Count);
            w.WriteEndObject();
        });
    }

    private RestResponse Close(RestRequest request)
    {
        var body = RequestBody.ParseObject(request);
        var id = body["id"]?.ToString() ?? throw Errors.ActionValidation("point in time id is missing");
        var freed = _contexts.ClosePit(id);
        return RestResponse.Json(freed ? 200 : 404, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("succeeded", true);
            w.WriteNumber("num_freed", freed ? 1 : 0);
            w.WriteEndObject();
        });
    }
}
