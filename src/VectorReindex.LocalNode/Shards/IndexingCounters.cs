using System.Runtime.CompilerServices;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The indexing section of _stats for one store: successful index and delete operations since the
/// node started (as Elasticsearch's counters, they are not persisted).
/// </summary>
internal sealed class IndexingCounters
{
    private static readonly ConditionalWeakTable<DocumentStore, IndexingCounters> Table = new();
    private long _indexTotal;
    private long _deleteTotal;

    public static IndexingCounters For(DocumentStore store) => Table.GetValue(store, _ => new IndexingCounters());

    public long IndexTotal => Interlocked.Read(ref _indexTotal);
    public long DeleteTotal => Interlocked.Read(ref _deleteTotal);

    public void Record(bool isDelete)
    {
        if (isDelete)
            Interlocked.Increment(ref _deleteTotal);
        else
            Interlocked.Increment(ref _indexTotal);
    }
}
