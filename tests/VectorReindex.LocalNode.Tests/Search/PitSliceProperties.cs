using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Search;

public sealed class PitSliceProperties : IClassFixture<LocalNodeFixture>
{
    private readonly LocalNodeFixture _node;

    public PitSliceProperties(LocalNodeFixture node)
    {
        _node = node;
    }

    [Property(MaxTest = 12)]
    public bool SlicedPitScan_WhileWritesContinue_UnionIsExactlyTheIndexAtOpening(int seed, byte sliceSeed, byte shardSeed)
    {
        // Slices fewer than, equal to and more than the shards: whole shards per slice, or shards split between slices.
        return Check(seed, 2 + sliceSeed % 7, 1 + shardSeed % 4).GetAwaiter().GetResult();
    }

    private async Task<bool> Check(int seed, int slices, int shards)
    {
        var random = new Random(seed);
        var index = LocalNodeFixture.NewIndexName("pit");
        var count = random.Next(0, 150);
        var bulk = new StringBuilder();
        for (var i = 0; i < count; i++)
            bulk.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"d{i}\"}}}}\n{{\"n\":{random.Next(1000)},\"tag\":\"t{i % 5}\"}}\n");
        await _node.PutAsync($"/{index}", new { settings = new { number_of_shards = shards } });
        if (count > 0)
            await _node.PostAsync("/_bulk?refresh=true", bulk.ToString());
        var expected = Enumerable.Range(0, count).ToDictionary(i => $"d{i}", _ => 1L);
        var pit = (await _node.PostAsync($"/{index}/_pit?keep_alive=1m"))["id"]!.GetValue<string>();

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var r = new Random(seed ^ 0x5f3759df);
            for (var n = 0; !stop.IsCancellationRequested && n < 200; n++)
            {
                var id = $"d{r.Next(count + 20)}";
                if (r.Next(3) == 0)
                    await _node.SendAsync(HttpMethod.Delete, $"/{index}/_doc/{id}?refresh=true", ensureSuccess: false);
                else
                    await _node.PutAsync($"/{index}/_doc/{id}?refresh=true", new { n = -1 });
            }
        });

        var seen = new List<(string Id, long Version)>();
        for (var slice = 0; slice < slices; slice++)
        {
            JsonArray? after = null;
            while (true)
            {
                var body = new JsonObject
                {
                    ["size"] = 3 + Math.Abs(seed % 13),
                    ["version"] = true,
                    ["track_total_hits"] = false,
                    ["_source"] = false,
                    ["pit"] = new JsonObject { ["id"] = pit, ["keep_alive"] = "1m" },
                    ["sort"] = new JsonArray(new JsonObject { ["_shard_doc"] = "asc" }),
                    ["slice"] = new JsonObject { ["id"] = slice, ["max"] = slices },
                };
                if (after != null)
                    body["search_after"] = after.DeepClone();
                var hits = (await _node.PostAsync("/_search", body.ToJsonString()))["hits"]!["hits"]!.AsArray();
                if (hits.Count == 0)
                    break;
                foreach (var hit in hits)
                    seen.Add((hit!["_id"]!.GetValue<string>(), hit["_version"]!.GetValue<long>()));
                after = hits[^1]!["sort"]!.AsArray();
            }
        }
        stop.Cancel();
        await writer;
        await _node.SendAsync(HttpMethod.Delete, "/_pit", new { id = pit });

        var noDuplicates = seen.Select(s => s.Id).Distinct().Count() == seen.Count;
        var sameSet = seen.Count == expected.Count && seen.All(s => expected.TryGetValue(s.Id, out var v) && v == s.Version);
        Assert.True(noDuplicates, $"duplicates with {slices} slices over {shards} shards");
        Assert.True(sameSet, $"expected {expected.Count} documents, scanned {seen.Count} with {slices} slices over {shards} shards");
        return true;
    }
}
