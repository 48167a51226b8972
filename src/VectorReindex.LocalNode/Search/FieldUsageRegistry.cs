using System.Collections.Concurrent;

namespace VectorReindex.LocalNode.Search;

/// <summary>Every shard's field usage, by index uuid and shard number; a shard starts tracking at its first search.</summary>
internal sealed class FieldUsageRegistry
{
    private readonly ConcurrentDictionary<(string IndexUuid, int Shard), ShardFieldUsage> _shards = new();

    public ShardFieldUsage For(string indexUuid, int shard)
        => _shards.GetOrAdd((indexUuid, shard), _ => new ShardFieldUsage(Guid.NewGuid().ToString("N")[..22], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>Records a search's usage on each shard it read.</summary>
    public void Record(SearchRequest request, IReadOnlyList<SearchTarget> targets, IEnumerable<Hit> fetched)
    {
        var fetchedTargets = fetched.Select(h => h.Target).ToHashSet();
        foreach (var target in targets)
            For(target.Index.Uuid, target.ShardId).Record(FieldUsageCollector.Collect(request, target, fetchedTargets.Contains(target)));
    }
}
