namespace VectorReindex.Demo;

/// <summary>The new cluster's index compared with the old cluster's, document by document.</summary>
public sealed class ClusterAgreement
{
    public long Compared { get; private set; }

    /// <summary>Documents on one side only, or with another version, routing, text, price or revision.</summary>
    public long Differences { get; private set; }

    public List<string> Examples { get; } = new();

    /// <summary>
    /// Compares every document of <paramref name="oldIndex"/> and <paramref name="newIndex"/>: the
    /// same ids, each with the same _version (the new side is written with the old side's, and the
    /// old with the new's after cutover), routing and fields. Vectors are each model's own, checked
    /// against the ground truth per side.
    /// </summary>
    public static ClusterAgreement Compare(IReadOnlyDictionary<string, StoredDocument> oldIndex, IReadOnlyDictionary<string, StoredDocument> newIndex)
    {
        var result = new ClusterAgreement();
        foreach (var id in oldIndex.Keys.Union(newIndex.Keys).Order(StringComparer.Ordinal))
        {
            result.Compared++;
            var inOld = oldIndex.TryGetValue(id, out var o);
            var inNew = newIndex.TryGetValue(id, out var n);
            var difference = !inOld ? $"{id} only on the new cluster"
                : !inNew ? $"{id} only on the old cluster"
                : o!.Version != n!.Version ? $"{id}: version {o.Version} on the old cluster, {n.Version} on the new"
                : o.Routing != n.Routing ? $"{id}: routing {o.Routing} on the old cluster, {n.Routing} on the new"
                : o.Text != n.Text || o.Price != n.Price || o.Revision != n.Revision ? $"{id}: revision {o.Revision}, price {o.Price} on the old cluster, revision {n.Revision}, price {n.Price} on the new"
                : null;
            if (difference == null) continue;
            result.Differences++;
            if (result.Examples.Count < 10) result.Examples.Add(difference);
        }
        return result;
    }
}
