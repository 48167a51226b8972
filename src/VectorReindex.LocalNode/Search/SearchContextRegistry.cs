using System.Collections.Concurrent;
using System.Security.Cryptography;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Search;

/// <summary>
/// The open points in time and scrolls by id. Expired contexts answer 404
/// search_context_missing_exception and are swept on each access.
/// </summary>
internal sealed class SearchContextRegistry
{
    private readonly ConcurrentDictionary<string, PointInTime> _pits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScrollContext> _scrolls = new(StringComparer.Ordinal);

    public int OpenCount => _pits.Count + _scrolls.Count;

    public static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(prefix).Concat(bytes.ToArray()).ToArray());
    }

    public void Add(PointInTime pit)
    {
        Sweep();
        _pits[pit.Id] = pit;
    }

    public void Add(ScrollContext scroll)
    {
        Sweep();
        _scrolls[scroll.Id] = scroll;
    }

    public PointInTime GetPit(string id)
    {
        if (_pits.TryGetValue(id, out var pit) && !pit.IsExpired)
            return pit;
        _pits.TryRemove(id, out _);
        throw Missing(id);
    }

    public ScrollContext GetScroll(string id)
    {
        if (_scrolls.TryGetValue(id, out var scroll) && !scroll.IsExpired)
            return scroll;
        _scrolls.TryRemove(id, out _);
        throw Missing(id);
    }

    public bool ClosePit(string id) => _pits.TryRemove(id, out var pit) && !pit.IsExpired;

    public bool CloseScroll(string id) => _scrolls.TryRemove(id, out var scroll) && !scroll.IsExpired;

    public int CloseAllScrolls()
    {
        var count = 0;
        foreach (var id in _scrolls.Keys)
            if (CloseScroll(id))
                count++;
        return count;
    }

    private static ElasticsearchException Missing(string id)
        => new(404, "search_phase_execution_exception", "all shards failed",
            new ElasticsearchException(404, "search_context_missing_exception", $"No search context found for id [{id}]"));

    private void Sweep()
    {
        foreach (var (id, pit) in _pits)
            if (pit.IsExpired)
                _pits.TryRemove(id, out _);
        foreach (var (id, scroll) in _scrolls)
            if (scroll.IsExpired)
                _scrolls.TryRemove(id, out _);
    }
}
