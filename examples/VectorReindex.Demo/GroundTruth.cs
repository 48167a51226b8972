using System.Collections.Concurrent;

namespace VectorReindex.Demo;

/// <summary>What each document must be after the migration, from the writers' acknowledged operations.</summary>
public sealed class GroundTruth
{
    public sealed record Expected(bool Exists, int Revision, double Price);

    private readonly ConcurrentDictionary<int, Expected> _changed = new();
    private readonly int _initial;

    public GroundTruth(int initialDocuments) => _initial = initialDocuments;

    public void Set(int n, Expected expected) => _changed[n] = expected;

    public Expected Get(int n) =>
        _changed.TryGetValue(n, out var e) ? e : new Expected(n < _initial, 0, Corpus.Metadata(n, 0)["price"]!.GetValue<double>());

    /// <summary>Every document number the truth speaks of: the corpus and what writers created.</summary>
    public IEnumerable<int> All() => Enumerable.Range(0, _initial).Concat(_changed.Keys.Where(k => k >= _initial));
}
