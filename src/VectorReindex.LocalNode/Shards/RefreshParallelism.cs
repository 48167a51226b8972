namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// How many cores what a refresh or merge builds for a new segment (vector columns, their int8
/// copies, field indexes) may use at once: Elasticsearch's refresh pool, min(10, (processors + 1) / 2)
/// threads, so making a segment searchable never takes every core from the searches running beside it.
/// </summary>
internal static class RefreshParallelism
{
    public static readonly ParallelOptions Options = new() { MaxDegreeOfParallelism = Math.Min(10, (Environment.ProcessorCount + 1) / 2) };
}
