using System.Collections.Concurrent;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Tasks;

/// <summary>The node's tasks by id, running and completed (completed results are kept, as Elasticsearch keeps them in .tasks).</summary>
internal sealed class TaskRegistry
{
    private readonly ConcurrentDictionary<long, NodeTask> _tasks = new();
    private long _nextId;

    public TaskRegistry(string nodeId)
    {
        NodeId = nodeId;
    }

    public string NodeId { get; }

    public IEnumerable<NodeTask> All => _tasks.Values.OrderBy(t => t.Id);

    public NodeTask Start(string action, string description, Func<NodeTask, Task> body) => Start(action, description, new BulkByScrollStatus(), body);

    /// <summary>Starts a task that reports into <paramref name="status"/>, the job's own, so what the task shows and a rethrottle changes are the job's.</summary>
    public NodeTask Start(string action, string description, BulkByScrollStatus status, Func<NodeTask, Task> body)
    {
        var task = new NodeTask(NodeId, Interlocked.Increment(ref _nextId), action, description, status);
        _tasks[task.Id] = task;
        _ = Task.Run(async () =>
        {
            try
            {
                await body(task).ConfigureAwait(false);
            }
            catch (ElasticsearchException ex)
            {
                task.Fail(ex);
            }
            catch (Exception ex)
            {
                task.Fail(new ElasticsearchException(500, "exception", ex.Message));
            }
        });
        return task;
    }

    public NodeTask Get(string taskId)
    {
        var colon = taskId.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(taskId[(colon + 1)..], out var id))
            throw Errors.IllegalArgument($"malformed task id {taskId}");
        if (taskId[..colon] == NodeId && _tasks.TryGetValue(id, out var task))
            return task;
        throw new ElasticsearchException(404, "resource_not_found_exception", $"task [{taskId}] isn't running and hasn't stored its results");
    }
}
