using System.Numerics;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// Which documents of a segment a snapshot still sees, as a bitset over the segment's document
/// numbers, with the count of live documents before each 64-bit word so a document's rank among the
/// live ones (its offset in the snapshot) takes constant time. Immutable: a refresh that deletes from
/// a segment makes a changed copy, so older snapshots and points in time keep what they saw.
/// </summary>
internal sealed class LiveDocs
{
    private readonly ulong[] _words;
    private readonly int[] _liveBefore;

    private LiveDocs(ulong[] words, int length)
    {
        _words = words;
        Length = length;
        _liveBefore = new int[words.Length];
        var live = 0;
        for (var w = 0; w < words.Length; w++)
        {
            _liveBefore[w] = live;
            live += BitOperations.PopCount(words[w]);
        }
        Count = live;
    }

    /// <summary>All <paramref name="length"/> documents live.</summary>
    public static LiveDocs All(int length)
    {
        var words = new ulong[(length + 63) / 64];
        Array.Fill(words, ulong.MaxValue);
        if (length % 64 != 0)
            words[^1] = (1UL << (length % 64)) - 1;
        return new LiveDocs(words, length);
    }

    /// <summary>The segment's size (live and deleted).</summary>
    public int Length { get; }

    /// <summary>How many documents are live.</summary>
    public int Count { get; }

    public bool IsLive(int doc) => (_words[doc >> 6] & (1UL << doc)) != 0;

    /// <summary>How many live documents come before <paramref name="doc"/>.</summary>
    public int Rank(int doc) => _liveBefore[doc >> 6] + BitOperations.PopCount(_words[doc >> 6] & ((1UL << doc) - 1));

    /// <summary>The live document of rank <paramref name="rank"/> (the inverse of <see cref="Rank"/>).</summary>
    public int Select(int rank)
    {
        int lo = 0, hi = _liveBefore.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_liveBefore[mid] <= rank) lo = mid;
            else hi = mid - 1;
        }
        var word = _words[lo];
        for (var skip = rank - _liveBefore[lo]; skip > 0; skip--)
            word &= word - 1;
        return (lo << 6) + BitOperations.TrailingZeroCount(word);
    }

    /// <summary>A copy with the given documents deleted (this instance is unchanged).</summary>
    public LiveDocs Without(IEnumerable<int> deleted)
    {
        var words = (ulong[])_words.Clone();
        foreach (var doc in deleted)
            words[doc >> 6] &= ~(1UL << doc);
        return new LiveDocs(words, Length);
    }
}
