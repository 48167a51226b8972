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
    /// <param name="embed">For a re-embedding by a deterministic model: each sampled document must hold this model's vector of its title, bit for bit.</param>
    public static async Task<string?> CheckAsync(ElasticsearchCluster cluster, string source, string target, int docs, int dims, bool sameVectors,
        Func<string, float[]>? embed = null)
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
            if (embed != null && !embed(copied[i].Source!["title"]!.GetValue<string>()).SequenceEqual(vector.Select(v => v!.GetValue<float>()), BitEquality.Instance))
                return $"{target}/{ids[i]}'s vector is not the model's vector of its title, bit for bit.";
        }
        return null;
    }

    /// <summary>
    /// SHA-256 of the float32 bits <paramref name="target"/> stores for every <paramref name="docs"/>/256-th document (256 of
    /// them, as the node returns them): two runs that wrote the same vectors, whatever their wire form, give the same digest.
    /// </summary>
    public static async Task<string> VectorDigestAsync(ElasticsearchCluster cluster, string target, int docs)
    {
        var ids = Enumerable.Range(0, 256).Select(i => (long)i * (docs - 1) / 255).Distinct()
            .Select(n => "doc-" + n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var stored = await new DocumentsApi(cluster).MultiGetAsync(target, ids, withSource: true, includeVectors: cluster.Capabilities.MustAskForVectors, CancellationToken.None);
        using var sha = System.Security.Cryptography.SHA256.Create();
        var bits = stored.SelectMany(d => ((JsonArray)d.Source!["embedding"]!).SelectMany(v => BitConverter.GetBytes(BitConverter.SingleToInt32Bits(v!.GetValue<float>())))).ToArray();
        return Convert.ToHexString(sha.ComputeHash(bits))[..16];
    }

    private sealed class BitEquality : IEqualityComparer<float>
    {
        public static readonly BitEquality Instance = new();
        public bool Equals(float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y);
        public int GetHashCode(float value) => BitConverter.SingleToInt32Bits(value);
    }

    private static bool SameFloats(JsonArray a, JsonArray b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First!.GetValue<float>() == p.Second!.GetValue<float>());
}
