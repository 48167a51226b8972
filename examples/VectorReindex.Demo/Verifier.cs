using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Demo;

/// <summary>The final index compared with the writers' ground truth: lost, stale and resurrected documents.</summary>
public sealed class Verification
{
    public long Checked { get; set; }
    public long Lost { get; set; }
    public long Stale { get; set; }
    public long Resurrected { get; set; }
    public List<string> Examples { get; } = new();
}

public static class Verifier
{
    public static async Task<Verification> VerifyAsync(ElasticsearchCluster cluster, string index, GroundTruth truth, int dimensions, CancellationToken ct)
    {
        var model = new HashingEmbeddingGenerator(dimensions);
        await new IndicesApi(cluster).RefreshAsync(index, ct);
        var found = new Dictionary<string, (string Text, double Price, int Revision, float[] Vector)>();
        var search = new SearchApi(cluster);
        var pit = await search.OpenPointInTimeAsync(index, "5m", ct);
        JsonArray? after = null;
        while (true)
        {
            var body = new JsonObject
            {
                ["size"] = 5000,
                ["pit"] = new JsonObject { ["id"] = pit, ["keep_alive"] = "5m" },
                ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                ["track_total_hits"] = false,
            };
            if (cluster.Capabilities.MustAskForVectors) body["_source"] = new JsonObject { ["exclude_vectors"] = false };
            if (after != null) body["search_after"] = after;
            using var page = (await search.SearchAsync(null, body, ct)).ParseDocument();
            var hits = page.RootElement.GetProperty("hits").GetProperty("hits");
            if (hits.GetArrayLength() == 0) break;
            JsonElement last = default;
            foreach (var hit in hits.EnumerateArray())
            {
                var s = hit.GetProperty("_source");
                found[hit.GetProperty("_id").GetString()!] = (s.GetProperty("text").GetString()!, s.GetProperty("price").GetDouble(),
                    s.GetProperty("revision").GetInt32(), s.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray());
                last = hit;
            }
            after = JsonNode.Parse(last.GetProperty("sort").GetRawText())!.AsArray();
        }
        await search.ClosePointInTimeAsync(pit, ct);

        var result = new Verification();
        foreach (var n in truth.All())
        {
            result.Checked++;
            var expected = truth.Get(n);
            var id = Corpus.Id(n);
            var present = found.TryGetValue(id, out var doc);
            if (expected.Exists && !present) Note(result, () => result.Lost++, $"lost {id}");
            else if (!expected.Exists && present) Note(result, () => result.Resurrected++, $"resurrected {id}");
            else if (present)
            {
                var text = Corpus.Text(n, expected.Revision);
                var vectorOk = doc.Vector.SequenceEqual(model.Embed(text));
                if (doc.Text != text || doc.Revision != expected.Revision || Math.Abs(doc.Price - expected.Price) > 1e-9 || !vectorOk)
                    Note(result, () => result.Stale++, $"stale {id}: revision {doc.Revision} (want {expected.Revision}), price {doc.Price} (want {expected.Price}), vector {(vectorOk ? "ok" : "wrong")}");
            }
        }
        return result;
    }

    private static void Note(Verification v, Action count, string example)
    {
        count();
        if (v.Examples.Count < 10) v.Examples.Add(example);
    }
}
