using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// An open point in time: the snapshot of each shard as of opening, in request order (held, so later writes and deletes
/// stay invisible and deleted documents keep their old version), and when it expires.
/// </summary>
internal sealed class PointInTime
{
    private long _expiresAtMillis;

    public PointInTime(string id, IReadOnlyList<(LocalIndex Index, int Shard, SearchSnapshot Snapshot, JsonNode? Filter)> shards, TimeSpan keepAlive)
    {
        Id = id;
        Shards = shards;
        Extend(keepAlive);
    }

    public string Id { get; }
    public IReadOnlyList<(LocalIndex Index, int Shard, SearchSnapshot Snapshot, JsonNode? Filter)> Shards { get; }
    public long ExpiresAtMillis => Interlocked.Read(ref _expiresAtMillis);
    public bool IsExpired => Environment.TickCount64 > ExpiresAtMillis;

    public void Extend(TimeSpan keepAlive)
        => Interlocked.Exchange(ref _expiresAtMillis, Environment.TickCount64 + (long)keepAlive.TotalMilliseconds);
}
