using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Engine;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Tasks;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>_reindex, _update_by_query, _delete_by_query (synchronous or as tasks) and the _tasks API.</summary>
internal sealed class ReindexHandlers
{
    private const string CommonParams = "refresh,timeout,wait_for_active_shards,wait_for_completion,requests_per_second,slices,max_docs,scroll,require_alias";
    private const string ByQueryParams = CommonParams + ",conflicts,q,df,analyzer,default_operator,lenient,ignore_unavailable,allow_no_indices,expand_wildcards,routing,preference,scroll_size,search_type,search_timeout,terminate_after,sort,stats,version,request_cache,pipeline,from,_source,_source_includes,_source_excludes,analyze_wildcard";
    private readonly LocalNodeEngine _engine;
    private readonly TaskRegistry _tasks;

    public ReindexHandlers(LocalNodeEngine engine, TaskRegistry tasks)
    {
        _engine = engine;
        _tasks = tasks;
    }

    public void Register(RestRouter router)
    {
        router.Add("POST", "/_reindex", CommonParams, r => RunAsync(r, BulkByScrollKind.Reindex));
        router.Add("POST", "/{index}/_update_by_query", ByQueryParams, r => RunAsync(r, BulkByScrollKind.UpdateByQuery));
        router.Add("POST", "/{index}/_delete_by_query", ByQueryParams, r => RunAsync(r, BulkByScrollKind.DeleteByQuery));
        foreach (var endpoint in new[] { "_reindex", "_update_by_query", "_delete_by_query" })
            router.Add("POST", "/" + endpoint + "/{task_id}/_rethrottle", "requests_per_second", Rethrottle);
        router.Add("GET", "/_tasks", "nodes,actions,detailed,parent_task_id,wait_for_completion,group_by,timeout", List);
        router.Add("GET", "/_tasks/{task_id}", "wait_for_completion,timeout", GetAsync);
        router.Add("POST", "/_tasks/{task_id}/_cancel", "nodes,actions,parent_task_id,wait_for_completion", Cancel);
        router.Add("POST", "/_tasks/_cancel", "nodes,actions,parent_task_id,wait_for_completion", Cancel);
    }

    private async Task<RestResponse> RunAsync(RestRequest request, BulkByScrollKind kind)
    {
        var body = RequestBody.ParseObjectOrNull(request) ?? (kind == BulkByScrollKind.Reindex ? throw Errors.ParseError("request body is required") : new JsonObject());
        var job = new BulkByScrollJob(_engine, kind, request, body, request.PathParam("index"));
        if (request.Flag("wait_for_completion", true))
        {
            var (status, response) = await job.RunAsync(CancellationToken.None);
            return RestResponse.Json(status, response);
        }
        var task = _tasks.Start(job.Action, job.Description, job.Status, async t =>
        {
            var (_, response) = await job.RunAsync(t.Cancellation.Token).ConfigureAwait(false);
            t.Complete(response);
        });
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("task", task.TaskId);
            w.WriteEndObject();
        });
    }

    private async Task<RestResponse> GetAsync(RestRequest request)
    {
        var task = _tasks.Get(request.PathParam("task_id")!);
        if (request.Flag("wait_for_completion", false))
        {
            var timeout = request.Param("timeout") is { } t ? TimeValue.Parse(t, "timeout") ?? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(30);
            await Task.WhenAny(task.Completion, Task.Delay(timeout));
        }
        return RestResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("completed", task.IsCompleted);
            w.WritePropertyName("task");
            task.WriteInfo(w, detailed: true);
            if (task.Response != null)
            {
                w.WritePropertyName("response");
                task.Response.WriteTo(w);
            }
            if (task.Error != null)
            {
                w.WritePropertyName("error");
                task.Error.WriteCause(w);
            }
            w.WriteEndObject();
        });
    }

    /// <summary>Changes a running job's requests_per_second; a batch already waiting is re-timed by the new rate.</summary>
    private RestResponse Rethrottle(RestRequest request)
    {
        var rate = request.Param("requests_per_second") ?? throw Errors.IllegalArgument("requests_per_second is a required parameter");
        var requestsPerSecond = BulkByScrollJob.ParseRequestsPerSecond(rate);
        var id = request.PathParam("task_id")!;
        var task = _tasks.Get(id);
        if (task.IsCompleted)
            throw new ElasticsearchException(404, "resource_not_found_exception", $"task [{id}] is missing");
        task.Status.Rethrottle(requestsPerSecond);
        return TaskNodes(new List<NodeTask> { task }, detailed: false);
    }

    private RestResponse List(RestRequest request)
    {
        var actions = request.ListParam("actions");
        var detailed = request.Flag("detailed", false);
        var running = _tasks.All.Where(t => !t.IsCompleted && (actions == null || actions.Any(a => Wildcard.Matches(a, t.Action)))).ToList();
        return TaskNodes(running, detailed);
    }

    private RestResponse Cancel(RestRequest request)
    {
        var id = request.PathParam("task_id");
        var cancelled = new List<NodeTask>();
        if (id != null)
        {
            var task = _tasks.Get(id);
            if (task.IsCompleted)
                throw new ElasticsearchException(404, "resource_not_found_exception", $"task [{id}] is not found");
            task.Cancellation.Cancel();
            cancelled.Add(task);
        }
        else
        {
            var actions = request.ListParam("actions");
            foreach (var task in _tasks.All.Where(t => !t.IsCompleted && (actions == null || actions.Any(a => Wildcard.Matches(a, t.Action)))))
            {
                task.Cancellation.Cancel();
                cancelled.Add(task);
            }
        }
        return TaskNodes(cancelled, detailed: false);
    }

    private RestResponse TaskNodes(List<NodeTask> tasks, bool detailed) => RestResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("nodes");
        w.WriteStartObject();
        if (tasks.Count > 0)
        {
            w.WritePropertyName(_tasks.NodeId);
            w.WriteStartObject();
            w.WriteString("name", _engine.Identity.NodeName);
            w.WriteString("transport_address", "127.0.0.1:9300");
            w.WriteString("host", "127.0.0.1");
            w.WriteString("ip", "127.0.0.1:9300");
            w.WritePropertyName("tasks");
            w.WriteStartObject();
            foreach (var task in tasks)
            {
                w.WritePropertyName(task.TaskId);
                task.WriteInfo(w, detailed);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
