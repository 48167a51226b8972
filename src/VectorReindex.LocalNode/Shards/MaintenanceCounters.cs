namespace VectorReindex.LocalNode.Shards;

/// <summary>How often an index was flushed and force-merged, as indices.stats reports it.</summary>
internal sealed class MaintenanceCounters
{
    private long _flushes;
    private long _forceMerges;

    public long FlushTotal => Interlocked.Read(ref _flushes);
    public long ForceMergeTotal => Interlocked.Read(ref _forceMerges);

    public void Flushed() => Interlocked.Increment(ref _flushes);
    public void ForceMerged() => Interlocked.Increment(ref _forceMerges);
}
