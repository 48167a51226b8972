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
    public float RequestsPerSecond { get; set; } = -1;
    public long ThrottledMillis { get; set; }
    public string? ReasonCancelled { get; set; }

    /// <summary>The counters of each slice of a sliced job (slices greater than 1), reported under "slices".</summary>
    public BulkByScrollStatus[]? Slices { get; set; }

    public void AddCreated() => Interlocked.Increment(ref _created);
    public void AddUpdated() => Interlocked.Increment(ref _updated);
    public void AddDeleted() => Interlocked.Increment(ref _deleted);
    public void AddBatch() => Interlocked.Increment(ref _batches);
    public void AddVersionConflict() => Interlocked.Increment(ref _versionConflicts);
    public void AddNoop() => Interlocked.Increment(ref _noops);

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
