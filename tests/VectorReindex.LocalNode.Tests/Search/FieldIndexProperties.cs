using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Xunit;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tests.Search;

/// <summary>
/// Queries answered through the per-field indexes (value columns, postings, sorted doc values) find
/// exactly the hits, scores and order of the full scan that parses every document's source.
/// </summary>
public sealed class FieldIndexProperties : IClassFixture<LocalNodeFixture>
{
    private static readonly string[] Words = { "alpha", "beta", "Gamma", "delta", "epsilon", "zeta", "eta", "theta" };
    private static readonly string[] Tags = { "red", "green", "Blue", "blue", "x-1", "10", "" };

    private readonly LocalNodeFixture _node;

    public FieldIndexProperties(LocalNodeFixture node)
    {
        _node = node;
    }

    [Property(MaxTest = 25)]
    public bool IndexedQueries_RandomDocumentsAndQueries_EqualTheFullScan(int seed)
        => Check(seed).GetAwaiter().GetResult();

    private async Task<bool> Check(int seed)
    {
        var random = new Random(seed);
        var name = LocalNodeFixture.NewIndexName("fidx");
        await _node.PutAsync($"/{name}", """
            {"settings":{"number_of_shards":SHARDS},"mappings":{"properties":{
              "tag":{"type":"keyword"},
              "body":{"type":"text"},
              "title":{"type":"text","fields":{"raw":{"type":"keyword"}}},
              "n":{"type":"long"},
              "price":{"type":"double"},
              "ts":{"type":"date"},
              "flag":{"type":"boolean"},
              "vec":{"type":"dense_vector","dims":3,"similarity":"l2_norm"},
              "obj":{"properties":{"k":{"type":"keyword"}}}}}}
            """.Replace("SHARDS", random.Next(1, 4).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var count = random.Next(1, 60);
        await _node.PostAsync("/_bulk?refresh=true", Bulk(name, random, Enumerable.Range(0, count)));
        var index = _node.Server.Engine.Cluster.Get(name)!;

        // The first round reads one segment; later ones run after overwrites and deletes refreshed in
        // separate bulks, so snapshots hold several segments with masked documents (and merges past 10).
        for (var round = 0; round < 5; round++)
        {
            for (var q = 0; q < 12; q++)
            {
                var query = RandomQuery(random, depth: 0);
                var body = new JsonObject { ["query"] = query, ["size"] = 1000 };
                if (random.Next(2) == 0)
                    body["sort"] = RandomSort(random);
                var indexed = Run(index, body, useIndexes: true);
                var scanned = Run(index, body, useIndexes: false);
                Assert.True(scanned.SequenceEqual(indexed), $"query {query.ToJsonString()}: scan [{string.Join(",", scanned)}] indexed [{string.Join(",", indexed)}]");
            }
            for (var refresh = random.Next(1, 4); refresh > 0; refresh--)
            {
                var changes = new StringBuilder(Bulk(name, random, Enumerable.Range(0, random.Next(0, 10)).Select(_ => random.Next(0, count + 5))));
                foreach (var id in Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, count)))
                    changes.Append($"{{\"delete\":{{\"_index\":\"{name}\",\"_id\":\"{id}\"}}}}\n");
                if (changes.Length > 0)
                    await _node.PostAsync("/_bulk?refresh=true", changes.ToString());
            }
        }
        return true;
    }

    private static List<string> Run(LocalNode.Shards.LocalIndex index, JsonObject body, bool useIndexes)
    {
        var request = new RestRequest("POST", "/_search", new(), new(), ReadOnlyMemory<byte>.Empty, null);
        var parsed = SearchRequest.Parse(request, (JsonObject)JsonNode.Parse(body.ToJsonString())!);
        var targets = index.Shards.Select((shard, i) => new SearchTarget(i, index.Shards.Count, index, i, shard.Snapshot, null, useIndexes)).ToList();
        try
        {
            var result = SearchExecutor.Execute(parsed, targets);
            return result.Hits.Select(h => $"{h.Target.Doc(h.Doc).Id}:{h.Score.ToString("R", CultureInfo.InvariantCulture)}:{string.Join("/", h.SortValues ?? Array.Empty<object?>())}").ToList();
        }
        catch (ElasticsearchException error)
        {
            // A query the mapping rejects must be rejected the same way on both paths.
            return new List<string> { $"{error.Status} {error.Type}: {error.Reason}" };
        }
    }

    private static string Bulk(string index, Random random, IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        foreach (var id in ids)
            text.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"{id}\"}}}}\n").Append(RandomDocument(random).ToJsonString()).Append('\n');
        return text.ToString();
    }

    private static JsonObject RandomDocument(Random random)
    {
        var doc = new JsonObject();
        // A vector first: the index builder skips its array in the raw bytes and must read on after it.
        if (random.Next(2) > 0) doc["vec"] = new JsonArray(random.Next(-9, 9) + 0.5, random.Next(-9, 9), -1e-3);
        if (random.Next(4) > 0) doc["tag"] = random.Next(5) == 0 ? new JsonArray(Tag(random), Tag(random)) : Tag(random);
        if (random.Next(4) > 0) doc["body"] = Sentence(random);
        if (random.Next(3) > 0) doc["title"] = random.Next(4) == 0 ? new JsonArray(Sentence(random), Sentence(random)) : Sentence(random);
        if (random.Next(4) > 0) doc["n"] = random.Next(6) == 0 ? new JsonArray(random.Next(-5, 20), random.Next(-5, 20)) : random.Next(8) == 0 ? JsonValue.Create(random.Next(-5, 20).ToString(CultureInfo.InvariantCulture)) : random.Next(-5, 20);
        if (random.Next(4) > 0) doc["price"] = Math.Round(random.NextDouble() * 100 - 20, random.Next(0, 3));
        if (random.Next(4) > 0) doc["ts"] = random.Next(2) == 0 ? DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_000 + random.Next(0, 1000) * 86_400_000L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : 1_600_000_000_000 + random.Next(0, 1000) * 86_400_000L;
        if (random.Next(3) > 0) doc["flag"] = random.Next(2) == 0;
        if (random.Next(3) == 0) doc["obj"] = new JsonObject { ["k"] = Tag(random) };
        return doc;
    }

    private static string Tag(Random random) => Tags[random.Next(Tags.Length)];

    private static string Sentence(Random random)
        => string.Join(random.Next(3) == 0 ? ", " : " ", Enumerable.Range(0, random.Next(0, 6)).Select(_ => Words[random.Next(Words.Length)]));

    private static JsonObject RandomQuery(Random random, int depth)
    {
        var kind = random.Next(depth >= 2 ? 8 : 10);
        switch (kind)
        {
            case 0:
            {
                var (field, value) = RandomFieldValue(random);
                return new JsonObject { ["term"] = new JsonObject { [field] = random.Next(3) == 0 ? new JsonObject { ["value"] = value, ["case_insensitive"] = true } : value } };
            }
            case 1:
            {
                var (field, value) = RandomFieldValue(random);
                var (_, other) = RandomFieldValue(random);
                return new JsonObject { ["terms"] = new JsonObject { [field] = new JsonArray(value, other) } };
            }
            case 2:
            case 3:
            {
                var field = new[] { "body", "title", "tag", "title.raw", "n" }[random.Next(5)];
                var text = field == "n" ? random.Next(-5, 20).ToString(CultureInfo.InvariantCulture) : Sentence(random);
                return new JsonObject { ["match"] = new JsonObject { [field] = new JsonObject { ["query"] = text, ["operator"] = random.Next(2) == 0 ? "and" : "or" } } };
            }
            case 4:
            case 5:
            {
                var field = new[] { "n", "price", "ts", "flag", "tag" }[random.Next(5)];
                var range = new JsonObject();
                JsonNode Bound() => field switch
                {
                    "ts" => random.Next(2) == 0 ? JsonValue.Create(1_600_000_000_000 + random.Next(0, 1000) * 86_400_000L) : JsonValue.Create("2021-06-01T00:00:00Z"),
                    "flag" => JsonValue.Create(random.Next(2) == 0 ? "true" : "false"),
                    "tag" => JsonValue.Create(Tag(random)),
                    _ => random.Next(6) == 0 ? JsonValue.Create("abc") : JsonValue.Create(random.Next(-10, 30) + (field == "price" ? 0.5 : 0)),
                };
                if (random.Next(3) > 0) range[random.Next(2) == 0 ? "gte" : "gt"] = Bound();
                if (random.Next(3) > 0) range[random.Next(2) == 0 ? "lte" : "lt"] = Bound();
                return new JsonObject { ["range"] = new JsonObject { [field] = range } };
            }
            case 6:
                return new JsonObject { ["exists"] = new JsonObject { ["field"] = new[] { "tag", "body", "title", "title.raw", "n", "obj", "obj.k", "missing" }[random.Next(8)] } };
            case 7:
                return new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray(Enumerable.Range(0, random.Next(0, 5)).Select(_ => (JsonNode)JsonValue.Create(random.Next(0, 70).ToString(CultureInfo.InvariantCulture))!).ToArray()) } };
            default:
            {
                JsonArray Clauses() => new(Enumerable.Range(0, random.Next(0, 3)).Select(_ => (JsonNode)RandomQuery(random, depth + 1)).ToArray());
                var boolQuery = new JsonObject();
                foreach (var clause in new[] { "must", "filter", "should", "must_not" })
                    if (random.Next(2) == 0)
                        boolQuery[clause] = Clauses();
                if (random.Next(4) == 0)
                    boolQuery["minimum_should_match"] = random.Next(0, 3);
                return kind == 8 ? new JsonObject { ["bool"] = boolQuery } : new JsonObject { ["constant_score"] = new JsonObject { ["filter"] = new JsonObject { ["bool"] = boolQuery } } };
            }
        }
    }

    /// <summary>A sort on a number or boolean (read from doc values when indexed) with order, mode and missing, then _doc.</summary>
    private static JsonArray RandomSort(Random random)
    {
        var options = new JsonObject { ["order"] = random.Next(2) == 0 ? "asc" : "desc" };
        if (random.Next(3) == 0) options["mode"] = random.Next(2) == 0 ? "min" : "max";
        if (random.Next(3) == 0) options["missing"] = new[] { "_first", "_last", "7" }[random.Next(3)];
        var field = new[] { "n", "price", "flag" }[random.Next(3)];
        return new JsonArray(new JsonObject { [field] = options }, "_doc");
    }

    private static (string Field, JsonNode Value) RandomFieldValue(Random random)
    {
        var field = new[] { "tag", "body", "title", "title.raw", "n", "price", "ts", "flag", "obj.k" }[random.Next(9)];
        JsonNode value = field switch
        {
            "n" => random.Next(4) == 0 ? JsonValue.Create(random.Next(-5, 20).ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(random.Next(-5, 20)),
            "price" => JsonValue.Create(Math.Round(random.NextDouble() * 100 - 20, random.Next(0, 2))),
            "ts" => JsonValue.Create(1_600_000_000_000 + random.Next(0, 1000) * 86_400_000L),
            "flag" => random.Next(2) == 0 ? JsonValue.Create(true) : JsonValue.Create("false"),
            "body" or "title" => JsonValue.Create(random.Next(3) == 0 ? Words[random.Next(Words.Length)] : Words[random.Next(Words.Length)].ToLowerInvariant()),
            _ => JsonValue.Create(Tag(random)),
        };
        return (field, value);
    }
}
