using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Shards;

/// <summary>
/// The documents of one nested path in a snapshot: each object of the array at the path (in source order)
/// a document of its own, as Elasticsearch's hidden child documents, joined to the document holding it.
/// Built from the parents' sources when a search first reads the path and kept with the snapshot, so a
/// document stores nothing for nested objects it may hold and an index without them pays nothing.
/// A child's source is its one object at its full path ({"a": {"b": {...}}}), so the mapping's paths and
/// the query machinery read it as they read any document; its vectors are parsed for the path's scope.
/// </summary>
internal sealed class NestedDocuments
{
    private static readonly ConditionalWeakTable<SearchSnapshot, ConcurrentDictionary<string, Lazy<NestedDocuments>>> Cache = new();

    private NestedDocuments(SearchSnapshot snapshot, int[] parentOf, (string Field, int Offset)[][] identities, int[] firstChild)
    {
        Snapshot = snapshot;
        _parentOf = parentOf;
        _identities = identities;
        _firstChild = firstChild;
    }

    private readonly int[] _parentOf;
    private readonly (string Field, int Offset)[][] _identities;
    private readonly int[] _firstChild;

    /// <summary>The child documents, grouped by parent in the parents' order.</summary>
    public SearchSnapshot Snapshot { get; }

    /// <summary>The position of the document holding <paramref name="child"/> in the parents' snapshot.</summary>
    public int ParentOf(int child) => _parentOf[child];

    /// <summary>
    /// Where the child lies in its document: per nested level from the outermost, the field (relative to
    /// the level above) and the position in its array, as an inner hit's _nested (and _nested.child) shows it.
    /// </summary>
    public IReadOnlyList<(string Field, int Offset)> IdentityOf(int child) => _identities[child];

    /// <summary>The children of <paramref name="parent"/>: a range of child positions.</summary>
    public (int Start, int End) ChildrenOf(int parent) => (_firstChild[parent], _firstChild[parent + 1]);

    public static NestedDocuments For(SearchSnapshot parents, IndexMapping mapping, string path)
        => Cache.GetValue(parents, _ => new ConcurrentDictionary<string, Lazy<NestedDocuments>>(StringComparer.Ordinal))
            .GetOrAdd(path, p => new Lazy<NestedDocuments>(() => Build(parents, mapping, p))).Value;

    private static NestedDocuments Build(SearchSnapshot parents, IndexMapping mapping, string path)
    {
        var parts = path.Split('.');
        var children = new List<StoredDocument>();
        var parentOf = new List<int>();
        var identities = new List<(string, int)[]>();
        var firstChild = new int[parents.Documents.Count + 1];
        var found = new List<(JsonObject Object, (string, int)[] Identity)>();
        for (var i = 0; i < parents.Documents.Count; i++)
        {
            firstChild[i] = children.Count;
            var parent = parents.Documents[i];
            found.Clear();
            Collect(JsonNode.Parse(parent.FullSource().Span), mapping, parts, 0, 0, Array.Empty<(string, int)>(), found);
            foreach (var (obj, identity) in found)
            {
                JsonNode wrapped = obj.DeepClone();
                for (var p = parts.Length - 1; p >= 0; p--)
                    wrapped = new JsonObject { [parts[p]] = wrapped };
                var source = System.Text.Encoding.UTF8.GetBytes(wrapped.ToJsonString());
                // The parent was checked when written, so any vector form it holds is accepted (as a replay does).
                var parsed = DocumentParser.Parse(mapping, source, parent.Id, base64Vectors: true, nestedScope: path);
                children.Add(new StoredDocument(parent.Id, parent.Version, parent.SeqNo, parent.PrimaryTerm, source, parsed.Vectors, parent.Routing));
                parentOf.Add(i);
                identities.Add(identity);
            }
        }
        firstChild[^1] = children.Count;
        return new NestedDocuments(new SearchSnapshot(children, parents.MaxSeqNo), parentOf.ToArray(), identities.ToArray(), firstChild);
    }

    /// <summary>
    /// The objects at <paramref name="parts"/>[from..] below <paramref name="node"/> (dotted keys honoured),
    /// each with its position at every nested level it passes (<paramref name="offset"/>: this node's in its array).
    /// </summary>
    private static void Collect(JsonNode? node, IndexMapping mapping, string[] parts, int from, int offset, (string, int)[] identity,
        List<(JsonObject, (string, int)[])> found)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    Collect(array[i], mapping, parts, from, i, identity, found);
                return;
            case JsonObject obj:
                if (from > 0)
                {
                    var path = string.Join('.', parts, 0, from);
                    if (mapping.NestedObjects.ContainsKey(path))
                    {
                        var above = identity.Length == 0 ? 0 : identity.Sum(level => level.Item1.Length + 1);
                        identity = identity.Append((path[above..], offset)).ToArray();
                    }
                }
                if (from == parts.Length)
                {
                    found.Add((obj, identity));
                    return;
                }
                var key = parts[from];
                for (var to = from + 1; to <= parts.Length; to++)
                {
                    if (to > from + 1)
                        key += "." + parts[to - 1];
                    if (obj.TryGetPropertyValue(key, out var child))
                        Collect(child, mapping, parts, to, 0, identity, found);
                }
                return;
        }
    }
}
