using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// A shard's current versions by id: a set of the documents themselves, looked up by the id they carry.
/// A Dictionary keyed by that same id holds it twice, and its entry is 24 bytes where a set's is 16;
/// ten million documents held save 80 MB and more with the table's spare capacity. Not thread-safe.
/// </summary>
internal sealed class DocumentsById : IEnumerable<StoredDocument>
{
    private readonly HashSet<StoredDocument> _documents = new(IdComparer.Instance);
    private readonly HashSet<StoredDocument>.AlternateLookup<string> _byId;

    public DocumentsById()
    {
        _byId = _documents.GetAlternateLookup<string>();
    }

    public int Count => _documents.Count;

    public bool TryGetValue(string id, [MaybeNullWhen(false)] out StoredDocument document) => _byId.TryGetValue(id, out document);

    public bool Remove(string id) => _byId.Remove(id);

    /// <summary>Makes <paramref name="document"/> the one held for its id, replacing any other.</summary>
    public void Set(StoredDocument document)
    {
        _byId.Remove(document.Id);
        _documents.Add(document);
    }

    public IEnumerator<StoredDocument> GetEnumerator() => _documents.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class IdComparer : IEqualityComparer<StoredDocument>, IAlternateEqualityComparer<string, StoredDocument>
    {
        public static readonly IdComparer Instance = new();

        public bool Equals(StoredDocument? x, StoredDocument? y) => string.Equals(x?.Id, y?.Id, StringComparison.Ordinal);

        public int GetHashCode(StoredDocument document) => string.GetHashCode(document.Id, StringComparison.Ordinal);

        public bool Equals(string id, StoredDocument document) => string.Equals(id, document.Id, StringComparison.Ordinal);

        public int GetHashCode(string id) => string.GetHashCode(id, StringComparison.Ordinal);

        // Documents are added whole (Set); an id alone is never added.
        public StoredDocument Create(string id) => throw new NotSupportedException();
    }
}
