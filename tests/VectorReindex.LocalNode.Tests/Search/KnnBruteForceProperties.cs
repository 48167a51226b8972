using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class KnnBruteForceProperties : IClassFixture<LocalNodeFixture>
{
    private static readonly (string Element, string Similarity)[] Cases =
    {
        ("float", "cosine"), ("float", "dot_product"), ("float", "l2_norm"), ("float", "max_inner_product"),
        ("byte", "cosine"), ("byte", "dot_product"), ("byte", "l2_norm"), ("byte", "max_inner_product"),
        ("bit", "l2_norm"),
    };

    private readonly LocalNodeFixture _node;

    public KnnBruteForceProperties(LocalNodeFixture node)
    {
        _node = node;
    }

    [Property(MaxTest = 40)]
    public bool KnnSearch_RandomVectors_EqualsBruteForceReference(int seed, byte caseSeed, byte shardSeed)
    {
        var (element, similarity) = Cases[caseSeed % Cases.Length];
        // Over 1-4 shards: each shard's top k merged into the global top k must be the brute-force top k.
        return Check(seed, element, similarity, 1 + shardSeed % 4).GetAwaiter().GetResult();
    }

    private async Task<bool> Check(int seed, string element, string similarity, int shards)
    {
        var random = new Random(seed);
        var dims = element == "bit" ? 8 * random.Next(1, 4) : random.Next(2, 20);
        var stored = element == "bit" ? dims / 8 : dims;
        var count = random.Next(1, 80);
        var k = random.Next(1, 12);
        var index = LocalNodeFixture.NewIndexName("knn");
        await _node.PutAsync($"/{index}", new JsonObject
        {
            ["settings"] = new JsonObject { ["number_of_shards"] = shards },
            ["mappings"] = new JsonObject { ["properties"] = new JsonObject { ["v"] = new JsonObject
            {
                ["type"] = "dense_vector", ["dims"] = dims, ["element_type"] = element, ["similarity"] = similarity,
                ["index_options"] = new JsonObject { ["type"] = element == "float" ? "int8_hnsw" : "hnsw" },
            } } },
        }.ToJsonString());
        var vectors = Enumerable.Range(0, count).Select(_ => RandomVector(random, stored, element, similarity)).ToList();
        var bulk = new StringBuilder();
        for (var i = 0; i < count; i++)
            bulk.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{i}\"}}}}\n{{\"v\":[{string.Join(",", vectors[i].Select(Format))}]}}\n");
        await _node.PostAsync("/_bulk?refresh=true", bulk.ToString());
        var query = RandomVector(random, stored, element, similarity);

        var response = await _node.PostAsync($"/{index}/_search", new JsonObject
        {
            ["size"] = k,
            ["_source"] = false,
            ["knn"] = new JsonObject { ["field"] = "v", ["query_vector"] = new JsonArray(query.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()), ["k"] = k, ["num_candidates"] = 100 },
        }.ToJsonString());
        var hits = response["hits"]!["hits"]!.AsArray().Select(h => (Id: int.Parse(h!["_id"]!.GetValue<string>()), Score: h["_score"]!.GetValue<double>())).ToList();

        var reference = vectors.Select((v, i) => (Id: i, Score: ReferenceScore(element, similarity, query, v, dims))).OrderByDescending(r => r.Score).ToList();
        Assert.Equal(Math.Min(k, count), hits.Count);
        Assert.Equal(shards, response["_shards"]!["total"]!.GetValue<int>());
        for (var i = 0; i < hits.Count; i++)
        {
            Assert.Equal(reference[i].Score, hits[i].Score, 1e-4 * Math.Max(1, Math.Abs(reference[i].Score)));
            Assert.Equal(ReferenceScore(element, similarity, query, vectors[hits[i].Id], dims), hits[i].Score, 1e-4 * Math.Max(1, Math.Abs(hits[i].Score)));
        }
        return true;
    }

    private static string Format(float x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static float[] RandomVector(Random random, int length, string element, string similarity)
    {
        if (element != "float")
            return Enumerable.Range(0, length).Select(_ => (float)random.Next(-128, 128)).ToArray();
        var v = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (similarity == "dot_product" || norm == 0)
        {
            if (norm == 0) { v[0] = 1; norm = 1; }
            v = v.Select(x => (float)(x / norm)).ToArray();
        }
        return v;
    }

    /// <summary>Elasticsearch's documented score for each similarity and element type, computed in doubles.</summary>
    private static double ReferenceScore(string element, string similarity, float[] q, float[] d, int dims)
    {
        double dot = 0, qq = 0, dd = 0, l2 = 0;
        for (var i = 0; i < q.Length; i++)
        {
            dot += (double)q[i] * d[i];
            qq += (double)q[i] * q[i];
            dd += (double)d[i] * d[i];
            l2 += ((double)q[i] - d[i]) * ((double)q[i] - d[i]);
        }
        if (element == "bit")
        {
            var hamming = 0;
            for (var i = 0; i < q.Length; i++)
                hamming += System.Numerics.BitOperations.PopCount((uint)((byte)(sbyte)q[i] ^ (byte)(sbyte)d[i]));
            return (dims - hamming) / (double)dims;
        }
        return similarity switch
        {
            "cosine" => dd == 0 ? 0.5 : Math.Max((1 + dot / Math.Sqrt(qq * dd)) / 2, 0),
            "dot_product" when element == "float" => Math.Max((1 + dot) / 2, 0),
            "dot_product" => 0.5 + dot / (q.Length * 32768.0),
            "l2_norm" => 1 / (1 + l2),
            _ => dot < 0 ? 1 / (1 - dot) : dot + 1,
        };
    }
}
