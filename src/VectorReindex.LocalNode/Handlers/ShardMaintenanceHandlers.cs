using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Metadata;
using VectorReindex.LocalNode.Shards;
using VectorReindex.LocalNode.Tasks;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>
/// _flush and _forcemerge. Every acknowledged write is already synced to the node's log, so a flush has
/// nothing left to make durable; a force merge has no segments to merge. Both are validated and answered
/// as Elasticsearch answers them, and counted for indices.stats.
/// </summary>
internal sealed class ShardMaintenanceHandlers
{
    private const string ResolveParams = "ignore_unavailable,allow_no_indices,expand_wildcards";
    private readonly LocalNodeEngine _engine;
    private readonly TaskRegistry _tasks;

    public ShardMaintenanceHandlers(LocalNodeEngine engine, TaskRegistry tasks)
    {
        _engine = engine;
        _tasks = tasks;
    }

    public void Register(RestRouter router)
    {
        const string flushParams = ResolveParams + ",force,wait_if_ongoing";
        router.Add("POST,GET", "/_flush", flushParams, Flush);
        router.Add("POST,GET", "/{index}/_flush", flushParams, Flush);
        const string mergeParams = ResolveParams + ",flush,max_num_segments,only_expunge_deletes,wait_for_completion";
        router.Add("POST", "/_forcemerge", mergeParams, ForceMerge);
        router.Add("POST", "/{index}/_forcemerge", mergeParams, ForceMerge);
    }

    private List<LocalIndex> Resolve(RestRequest request)
        => _engine.Cluster.Resolve(request.PathParam("index"), IndicesOptions.From(request, new IndicesOptions()));

    private RestResponse Flush(RestRequest request)
    {
        var force = request.Flag("force", false);
        var waitIfOngoing = request.Flag("wait_if_ongoing", true);
        if (force && !waitIfOngoing)
            throw Errors.ActionValidation("wait_if_ongoing must be true for a force flush");
        var indices = Resolve(request);
        foreach (var index in indices)
            index.Maintenance.Flushed();
        return BroadcastShards.Response(indices);
    }

    private RestResponse ForceMerge(RestRequest request)
    {
        var maxSegments = request.IntParam("max_num_segments") ?? -1;
        var expungeDeletes = request.Flag("only_expunge_deletes", false);
        request.Flag("flush", true);
        if (expungeDeletes && maxSegments != -1)
            throw Errors.ActionValidation("cannot set only_expunge_deletes and max_num_segments at the same time, those two parameters are mutually exclusive");
        var indices = Resolve(request);
        if (!request.Flag("wait_for_completion", true))
        {
            var task = _tasks.Start("indices:admin/forcemerge", $"Force-merge indices {string.Join(",", indices.Select(i => $"[{i.Name}]"))}, maxSegments[{maxSegments}], onlyExpungeDeletes[{(expungeDeletes ? "true" : "false")}]", t =>
            {
                Merge(indices);
                t.Complete(new JsonObject());
                return Task.CompletedTask;
            });
            return RestResponse.Ok(new JsonObject { ["task"] = task.TaskId });
        }
        Merge(indices);
        return BroadcastShards.Response(indices);
    }

    private static void Merge(List<LocalIndex> indices)
    {
        foreach (var index in indices)
            index.Maintenance.ForceMerged();
    }
}
