using System.Diagnostics;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Demo;

/// <summary>What the recall check measured.</summary>
public sealed record RecallResult(int Queries, double RecallAt10, double WorstQueryRecall, double EmbedTextsPerSecond);

/// <summary>
/// Recall@10 of the new index: shopper queries embedded with the new model, the index's kNN
/// top 10 (k 10, num_candidates 100, as the readers ask) against the exact top 10 by cosine over
/// every stored vector. A kNN hit counts when its exact similarity reaches the exact 10th best,
/// so documents tied with the 10th (equal texts) are not held against the index.
/// </summary>
public static class RecallCheck
{
    public const int K = 10;

    public static async Task<RecallResult> MeasureAsync(ElasticsearchCluster cluster, string index, IReadOnlyDictionary<string, StoredDocument> documents,
        IEmbeddingGenerator<string, Embedding<float>> model, int queries, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var texts = Enumerable.Range(0, queries).Select(_ => Corpus.Query(random)).ToList();
        var clock = Stopwatch.StartNew();
        var vectors = await model.GenerateAsync(texts, null, ct);
        var embedRate = queries / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);

        var ids = documents.Keys.ToArray();
        var position = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var unit = ids.Select(id => Normalized(documents[id].Vector)).ToArray();
        var search = new SearchApi(cluster);
        double total = 0, worst = 1;
        foreach (var embedding in vectors)
        {
            var query = Normalized(embedding.Vector.ToArray());
            var similarity = new float[ids.Length];
            for (var i = 0; i < ids.Length; i++) similarity[i] = Dot(query, unit[i]);
            var tenth = similarity.OrderByDescending(s => s).Skip(K - 1).DefaultIfEmpty(float.MinValue).First();

            var hits = await KnnAsync(search, index, embedding.Vector.ToArray(), ct);
            var found = hits.Count(id => position.TryGetValue(id, out var p) && similarity[p] >= tenth - 1e-6f);
            var recall = found / (double)Math.Min(K, ids.Length);
            total += recall;
            worst = Math.Min(worst, recall);
        }
        return new RecallResult(queries, queries == 0 ? 1 : total / queries, worst, embedRate);
    }

    private static async Task<List<string>> KnnAsync(SearchApi search, string index, float[] vector, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["size"] = K,
            ["_source"] = false,
            ["knn"] = new JsonObject
            {
                ["field"] = "embedding",
                ["query_vector"] = new JsonArray(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["k"] = K,
                ["num_candidates"] = 100,
            },
        };
        using var response = (await search.SearchAsync(index, body, ct)).ParseDocument();
        return response.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("_id").GetString()!).ToList();
    }

    private static float[] Normalized(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a, i) * new Vector<float>(b, i);
        var result = Vector.Dot(sum, Vector<float>.One);
        for (; i < a.Length; i++) result += a[i] * b[i];
        return result;
    }
}
