using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Xunit;
using VectorReindex.LocalNode.Metadata;

namespace VectorReindex.LocalNode.Tests.Cluster;

/// <summary>
/// Acceptance: on a 3-shard index, every document sits on the shard Elasticsearch's routing function
/// names (floorMod(murmur3(_routing ?? _id), 768) / 256 for 3 shards on indices created before 9.4,
/// floorMod(hash, 3) from 9.4; the hash itself is checked against Elasticsearch's known values in
/// <see cref="IndexRoutingTests"/>), and a routed document is found with its routing and, without it,
/// only when its id happens to hash to the same shard.
/// </summary>
public sealed class ShardPlacementProperties : IAsyncLifetime
{
    private const int Shards = 3;
    private const int RoutingNumShards = 768; // calculateNumRoutingShards(3)
    private static readonly string Alphabet = "abcXYZ019-_.:/ éßø日本語Ωж" + "\U0001F600";
    private TestNode _node = null!;
    private int _round;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    /// <summary>Whether the index was created on 9.4+ (IndexVersions.MOD_ROUTING_FUNCTION, 9064000), which routes by hash mod shards.</summary>
    private bool _modRouting;

    /// <summary>Elasticsearch's IndexRouting for an unpartitioned index, written out here as the oracle.</summary>
    private int ExpectedShard(string id, string? routing)
    {
        var hash = Murmur3Hash.Hash(routing ?? id);
        if (_modRouting)
            return ((hash % Shards) + Shards) % Shards;
        var mod = ((hash % RoutingNumShards) + RoutingNumShards) % RoutingNumShards;
        return mod / (RoutingNumShards / Shards);
    }

    private static string RandomString(Random random)
    {
        var length = random.Next(1, 12);
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var start = random.Next(Alphabet.Length - 1);
            builder.Append(char.IsHighSurrogate(Alphabet[start]) ? Alphabet.Substring(start, 2) : Alphabet[start].ToString());
        }
        return builder.ToString();
    }

    [Property(MaxTest = 15)]
    public bool RandomIdsAndRoutings_LandWhereElasticsearchRoutes_AndAreFoundOnlyThroughTheirShard(int seed)
    {
        return Check(seed).GetAwaiter().GetResult();
    }

    private async Task<bool> Check(int seed)
    {
        var random = new Random(seed);
        var index = $"placement-{Interlocked.Increment(ref _round)}";
        await _node.PutAsync($"/{index}", "{\"settings\":{\"number_of_shards\":" + Shards + "}}");
        var (_, settings) = await _node.GetAsync($"/{index}/_settings");
        _modRouting = int.Parse((string)settings![index]!["settings"]!["index"]!["version"]!["created"]!) >= 9_064_0_00;
        var docs = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = random.Next(1, 40); i > 0; i--)
            docs[RandomString(random)] = random.Next(3) == 0 ? null : RandomString(random);
        var bulk = new StringBuilder();
        foreach (var (id, routing) in docs)
        {
            var action = new JsonObject { ["_index"] = index, ["_id"] = id };
            if (routing != null)
                action["routing"] = routing;
            bulk.Append(new JsonObject { ["index"] = action }.ToJsonString()).Append('\n').Append("{\"n\":1}\n");
        }
        var (_, bulked) = await _node.BulkAsync("/_bulk?refresh=true", bulk.ToString().TrimEnd('\n'));
        Assert.False((bool)bulked!["errors"]!, bulked.ToJsonString());

        var stored = _node.Server.Engine.Cluster.Get(index)!;
        foreach (var (id, routing) in docs)
        {
            var expected = ExpectedShard(id, routing);
            for (var shard = 0; shard < Shards; shard++)
                Assert.Equal(shard == expected, stored.Shards[shard].Get(id) != null);
        }

        var withRouting = new JsonArray(docs.Select(d => (JsonNode)(d.Value == null
            ? new JsonObject { ["_id"] = d.Key }
            : new JsonObject { ["_id"] = d.Key, ["routing"] = d.Value })).ToArray());
        var withoutRouting = new JsonArray(docs.Keys.Select(id => (JsonNode)new JsonObject { ["_id"] = id }).ToArray());
        var (_, found) = await _node.PostAsync($"/{index}/_mget", new JsonObject { ["docs"] = withRouting }.ToJsonString());
        var (_, plain) = await _node.PostAsync($"/{index}/_mget", new JsonObject { ["docs"] = withoutRouting }.ToJsonString());
        var i2 = 0;
        foreach (var (id, routing) in docs)
        {
            var hit = found!["docs"]![i2]!;
            Assert.True((bool)hit["found"]!, $"{id} with routing {routing}");
            Assert.Equal(routing, (string?)hit["_routing"]);
            var foundWithout = (bool)plain!["docs"]![i2]!["found"]!;
            Assert.Equal(ExpectedShard(id, null) == ExpectedShard(id, routing), foundWithout);
            i2++;
        }

        foreach (var routing in docs.Values.Where(r => r != null).Distinct().Take(3))
        {
            // A search's routing values lose leading and trailing whitespace (Strings.splitStringByCommaToSet).
            var shard = ExpectedShard("", routing!.Trim(' '));
            var (_, search) = await _node.PostAsync($"/{index}/_search?routing={Uri.EscapeDataString(routing!)}", "{\"size\":100}");
            Assert.Equal(1, (int)search!["_shards"]!["total"]!);
            var ids = search["hits"]!["hits"]!.AsArray().Select(h => (string)h!["_id"]!).ToHashSet();
            Assert.Equal(docs.Where(d => ExpectedShard(d.Key, d.Value) == shard).Select(d => d.Key).ToHashSet(), ids);
        }
        await _node.DeleteAsync($"/{index}");
        return true;
    }
}
