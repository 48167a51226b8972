using System.Text.Json;

namespace VectorReindex.LocalNode.Tasks;

/// <summary>The live counters of a reindex, update_by_query or delete_by_query, as its task status shows them.</summary>
internal sealed class BulkByScrollStatus
{
    private long _total, _created, _updated, _deleted, _batches, _versionConflicts, _noops;

    public long Total { get => Interlocked.Read(ref _total); set => Interlocked.Exchange(ref _total, value); }
    public long Created => Interlocked.Read(ref _created);
    public long Updated => Interlocked.Read(ref _updated);
    public long Deleted => Interlocked.Read(ref _deleted);
    public long Batches => Interlocked.Read(ref _batches);
    public long VersionConflicts => Interlocked.Read(ref _versionConflicts);
    public long Noops => Interlocked.Read(ref _noops);
    private TaskCompletionSource _rethrottled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _throttledMillis;

    public float RequestsPerSecond { get; private set; } = -1;
    public long ThrottledMillis => Interlocked.Read(ref _throttledMillis);

    public BulkByScrollStatus(float requestsPerSecond = -1) => RequestsPerSecond = requestsPerSecond;

    public string? ReasonCancelled { get; set; }

    /// <summary>The counters of each slice of a sliced job (slices greater than 1), reported under "slices".</summary>
    public BulkByScrollStatus[]? Slices { get; set; }

    public void AddCreated() => Interlocked.Increment(ref _created);
    public void AddUpdated() => Interlocked.Increment(ref _updated);
    public void AddDeleted() => Interlocked.Increment(ref _deleted);
    public void AddBatch() => Interlocked.Increment(ref _batches);
    public void AddVersionConflict() => Interlocked.Increment(ref _versionConflicts);
    public void AddNoop() => Interlocked.Increment(ref _noops);

    /// <summary>
    /// Changes the rate. As in Elasticsearch, a faster rate takes effect at once: a batch waiting out
    /// its delay is woken and waits only what the new rate still asks.
    /// </summary>
    public void Rethrottle(float requestsPerSecond)
    {
        RequestsPerSecond = requestsPerSecond;
        Interlocked.Exchange(ref _rethrottled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits until a batch of <paramref name="documents"/> that took <paramref name="batch"/> so far fits the rate.</summary>
    public async Task ThrottleAsync(int documents, System.Diagnostics.Stopwatch batch, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var rate = RequestsPerSecond;
            if (rate <= 0)
                return;
            var rethrottled = _rethrottled.Task;
            var wanted = TimeSpan.FromSeconds(documents / rate) - batch.Elapsed;
            if (wanted <= TimeSpan.Zero)
                return;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var delay = Task.Delay(wanted, cancellation);
            await Task.WhenAny(delay, rethrottled).ConfigureAwait(false);
            Interlocked.Add(ref _throttledMillis, waited.ElapsedMilliseconds);
            if (!rethrottled.IsCompleted)
                return;
        }
    }

    /// <summary>Writes the counters (the body of task.status, and the head of the final response).</summary>
    public void WriteCounters(Utf8JsonWriter w)
    {
        w.WriteNumber("total", Total);
        w.WriteNumber("updated", Updated);
        w.WriteNumber("created", Created);
        w.WriteNumber("deleted", Deleted);
        w.WriteNumber("batches", Batches);
        w.WriteNumber("version_conflicts", VersionConflicts);
        w.WriteNumber("noops", Noops);
        w.WritePropertyName("retries");
        w.WriteStartObject();
        w.WriteNumber("bulk", 0);
        w.WriteNumber("search", 0);
        w.WriteEndObject();
        w.WriteNumber("throttled_millis", ThrottledMillis);
        w.WriteNumber("requests_per_second", RequestsPerSecond);
        if (ReasonCancelled != null)
            w.WriteString("canceled", ReasonCancelled);
        w.WriteNumber("throttled_until_millis", 0);
        if (Slices == null)
            return;
        w.WritePropertyName("slices");
        w.WriteStartArray();
        for (var i = 0; i < Slices.Length; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("slice_id", i);
            Slices[i].RequestsPerSecond = RequestsPerSecond > 0 ? RequestsPerSecond / Slices.Length : -1;
            Slices[i].WriteCounters(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
