using FsCheck.Xunit;
using Xunit;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class PrunedKnnProperties
{
    private static readonly string[] Similarities = { "cosine", "dot_product", "l2_norm", "max_inner_product" };

    [Property(MaxTest = 40)]
    public bool PrunedSearch_RandomVectorsAndFilters_EqualsExhaustiveScan(int seed, byte similaritySeed, bool filtered)
    {
        var similarity = Similarities[similaritySeed % Similarities.Length];
        var random = new Random(seed);
        var dims = random.Next(8, 100);
        var count = random.Next(200, 3000);
        var k = random.Next(1, 40);
        var spread = similarity is "l2_norm" or "max_inner_product" ? 10.0 : 1.0;
        // Half the cases cluster the vectors around one point, so many scores nearly tie and quantization error decides.
        var clustered = random.Next(2) == 0;
        var center = RandomVector(random, dims, false, spread);
        var documents = new StoredDocument[count];
        for (var i = 0; i < count; i++)
        {
            var vector = random.Next(50) == 0 ? null : RandomVector(random, dims, similarity == "dot_product", spread);
            if (vector != null && clustered)
                vector = Normalize(vector.Select((x, d) => center[d] + 0.02f * x).ToArray(), similarity == "dot_product");
            var vectors = vector == null ? null : new Dictionary<string, StoredVector> { ["v"] = new StoredVector(vector) };
            documents[i] = new StoredDocument(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, i, 1, "{}"u8.ToArray(), vectors, null);
        }
        var column = VectorColumn.For(new SearchSnapshot(documents, count - 1), "v");
        var options = new DenseVectorOptions(dims, VectorElementType.Float, similarity, true, "flat");
        var scorer = new VectorScorer(column, options, "v", RandomVector(random, dims, similarity == "dot_product", spread));
        Func<int, bool>? accept = filtered ? doc => doc % 3 != 0 : null;

        var pruned = scorer.PrunedSearch(count, k, accept).ToSortedList();
        var exhaustive = scorer.ExhaustiveSearch(count, k, accept).ToSortedList();

        Assert.Equal(exhaustive, pruned);
        return true;
    }

    private static float[] Normalize(float[] v, bool unit)
    {
        if (!unit)
            return v;
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float[] RandomVector(Random random, int dims, bool unit, double spread)
    {
        var scale = unit ? 1 : spread * random.NextDouble();
        var v = Enumerable.Range(0, dims).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        if (unit)
        {
            var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
            v = v.Select(x => x / norm).ToArray();
        }
        return v;
    }
}
