using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Bench;

/// <summary>
/// Checks a timed copy before its time counts: the target holds every document, and a sample of
/// documents spread over the corpus carries the source's vector float for float (or, for a
/// re-embedding, a vector of the right length). A copy without vectors (9.2+ leaves them out of
/// _source unless asked) or a partial one would be fast and wrong.
/// </summary>
internal static class CopyVerification
{
    private const int SampleSize = 16;

    /// <summary>Null when the copy is whole; otherwise what is wrong with it.</summary>
    public static async Task<string?> CheckAsync(ElasticsearchCluster cluster, string source, string target, int docs, int dims, bool sameVectors)
    {
        var indices = new IndicesApi(cluster);
        await indices.RefreshAsync(target, CancellationToken.None);
        var count = await indices.CountAsync(target, CancellationToken.None);
        if (count != docs) return $"{target} holds {count:N0} documents of {docs:N0}.";
        var ids = Enumerable.Range(0, SampleSize).Select(i => (long)i * (docs - 1) / (SampleSize - 1)).Distinct()
            .Select(n => "doc-" + n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var documents = new DocumentsApi(cluster);
        var vectors = cluster.Capabilities.MustAskForVectors;
        var copied = await documents.MultiGetAsync(target, ids, withSource: true, includeVectors: vectors, CancellationToken.None);
        var originals = sameVectors ? await documents.MultiGetAsync(source, ids, withSource: true, includeVectors: vectors, CancellationToken.None) : null;
        for (var i = 0; i < ids.Length; i++)
        {
            if (copied[i].Source?["embedding"] is not JsonArray vector || vector.Count != dims)
                return $"{target}/{ids[i]} has no {dims}-float vector.";
            if (originals != null && !SameFloats(vector, (JsonArray)originals[i].Source!["embedding"]!))
                return $"{target}/{ids[i]}'s vector differs from the source's.";
        }
        return null;
    }

    private static bool SameFloats(JsonArray a, JsonArray b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First!.GetValue<float>() == p.Second!.GetValue<float>());
}
