using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Tasks;

/// <summary>
/// A long-running action the node tracks (reindex and the by-query APIs): its identity, its status
/// counters, cancellation, and its result (response or error) once completed.
/// </summary>
internal sealed class NodeTask
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NodeTask(string nodeId, long id, string action, string description, BulkByScrollStatus status)
    {
        Status = status;
        NodeId = nodeId;
        Id = id;
        Action = action;
        Description = description;
        StartMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        StartTicks = Environment.TickCount64;
    }

    public string NodeId { get; }
    public long Id { get; }
    public string TaskId => $"{NodeId}:{Id}";
    public string Action { get; }
    public string Description { get; }
    public long StartMillis { get; }
    public long StartTicks { get; }
    public BulkByScrollStatus Status { get; }
    public CancellationTokenSource Cancellation { get; } = new();
    public Task Completion => _completed.Task;
    public bool IsCompleted => _completed.Task.IsCompleted;
    public JsonObject? Response { get; private set; }
    public ElasticsearchException? Error { get; private set; }

    public void Complete(JsonObject response)
    {
        Response = response;
        _completed.TrySetResult();
    }

    public void Fail(ElasticsearchException error)
    {
        Error = error;
        _completed.TrySetResult();
    }

    public void WriteInfo(Utf8JsonWriter w, bool detailed)
    {
        w.WriteStartObject();
        w.WriteString("node", NodeId);
        w.WriteNumber("id", Id);
        w.WriteString("type", "transport");
        w.WriteString("action", Action);
        w.WritePropertyName("status");
        w.WriteStartObject();
        Status.WriteCounters(w);
        w.WriteEndObject();
        if (detailed)
            w.WriteString("description", Description);
        w.WriteNumber("start_time_in_millis", StartMillis);
        w.WriteNumber("running_time_in_nanos", (Environment.TickCount64 - StartTicks) * 1_000_000);
        w.WriteBoolean("cancellable", true);
        w.WriteBoolean("cancelled", Cancellation.IsCancellationRequested);
        w.WritePropertyName("headers");
        w.WriteStartObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
