namespace VectorReindex.LocalNode.Search;

/// <summary>A scroll: every hit of the first request in order, computed once, and the position reached.</summary>
internal sealed class ScrollContext
{
    private long _expiresAtMillis;

    public ScrollContext(string id, SearchRequest request, IReadOnlyList<Hit> hits, long totalHits, int position, TimeSpan keepAlive)
    {
        Id = id;
        Request = request;
        Hits = hits;
        TotalHits = totalHits;
        Position = position;
        Extend(keepAlive);
    }

    public string Id { get; }
    public SearchRequest Request { get; }
    public IReadOnlyList<Hit> Hits { get; }
    public long TotalHits { get; }
    public int Position { get; set; }
    public int Shards { get; init; } = 1;
    public object Lock { get; } = new();
    public bool IsExpired => Environment.TickCount64 > Interlocked.Read(ref _expiresAtMillis);

    public void Extend(TimeSpan keepAlive)
        => Interlocked.Exchange(ref _expiresAtMillis, Environment.TickCount64 + (long)keepAlive.TotalMilliseconds);
}
