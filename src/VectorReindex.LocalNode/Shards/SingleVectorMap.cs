using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The vectors of a document with one vector field (nearly every document): the field and its vector in
/// one small object, which is itself the vector. A Dictionary costs about 200 bytes per document (buckets,
/// entries, comparer), and a map object beside the vector another 32; ten million documents hold
/// gigabytes of them.
/// </summary>
internal sealed class SingleVectorMap : StoredVector, IReadOnlyDictionary<string, StoredVector>
{
    private readonly string _path;

    private SingleVectorMap(string path, StoredVector vector)
        : base(vector)
    {
        _path = path;
    }

    /// <summary>The compact form of a one-field map; other maps (none, several fields) as they are.</summary>
    public static IReadOnlyDictionary<string, StoredVector>? Compact(IReadOnlyDictionary<string, StoredVector>? vectors)
    {
        if (vectors is not { Count: 1 } || vectors is SingleVectorMap)
            return vectors;
        foreach (var (path, vector) in vectors)
            return new SingleVectorMap(path, vector);
        return vectors;
    }

    /// <summary>
    /// <paramref name="vectors"/> with <paramref name="vector"/> at <paramref name="path"/> (replacing one there):
    /// a document's first vector makes a compact map, and only a second field makes a Dictionary, so parsing a
    /// document with one vector field leaves no dictionary behind as garbage.
    /// </summary>
    public static IReadOnlyDictionary<string, StoredVector> With(IReadOnlyDictionary<string, StoredVector>? vectors, string path, StoredVector vector)
    {
        switch (vectors)
        {
            case null:
                return new SingleVectorMap(path, vector);
            case SingleVectorMap single when single.ContainsKey(path):
                return new SingleVectorMap(path, vector);
            case Dictionary<string, StoredVector> dictionary:
                dictionary[path] = vector;
                return dictionary;
            default:
                var grown = new Dictionary<string, StoredVector>(StringComparer.Ordinal);
                foreach (var (p, v) in vectors)
                    grown[p] = v;
                grown[path] = vector;
                return grown;
        }
    }

    public StoredVector this[string key] => TryGetValue(key, out var vector) ? vector : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => new[] { _path };

    public IEnumerable<StoredVector> Values => new StoredVector[] { this };

    public int Count => 1;

    public bool ContainsKey(string key) => string.Equals(key, _path, StringComparison.Ordinal);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StoredVector value)
    {
        value = ContainsKey(key) ? this : null;
        return value != null;
    }

    public IEnumerator<KeyValuePair<string, StoredVector>> GetEnumerator()
    {
        yield return new KeyValuePair<string, StoredVector>(_path, this);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
