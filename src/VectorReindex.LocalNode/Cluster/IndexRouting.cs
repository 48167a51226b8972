using System.Globalization;
using VectorReindex.LocalNode.Http;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Cluster;

/// <summary>
/// Which shard of an index holds a document, as Elasticsearch's IndexRouting (unpartitioned) decides:
/// murmur3 over the routing value, or the _id when there is none, then
/// floorMod(hash, routing_num_shards) / routing factor. A mapping with _routing.required refuses
/// single-document operations that name no routing.
/// </summary>
internal sealed class IndexRouting
{
    public IndexRouting(string indexName, int numberOfShards, int routingNumShards, bool routingRequired)
    {
        IndexName = indexName;
        NumberOfShards = numberOfShards;
        RoutingNumShards = routingNumShards;
        RoutingFactor = routingNumShards / numberOfShards;
        RoutingRequired = routingRequired;
    }

    public string IndexName { get; }
    public int NumberOfShards { get; }
    public int RoutingNumShards { get; }
    public int RoutingFactor { get; }
    public bool RoutingRequired { get; }

    public static IndexRouting For(string indexName, IndexSettings settings, IndexMapping mapping)
    {
        var shards = settings.NumberOfShards;
        var routingShards = settings.Get("index.number_of_routing_shards") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : DefaultRoutingNumShards(shards);
        var required = mapping.Source["_routing"]?["required"]?.ToString() == "true";
        return new IndexRouting(indexName, shards, routingShards, required);
    }

    /// <summary>
    /// routing_num_shards when the index does not set it (MetadataCreateIndexService.calculateNumRoutingShards,
    /// indices created on 7.0+): the largest shards * 2^n not above 1024, with at least one split.
    /// </summary>
    public static int DefaultRoutingNumShards(int numberOfShards)
    {
        const int log2MaxShards = 10; // log2(1024)
        var log2Shards = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(numberOfShards - 1));
        var splits = Math.Max(1, log2MaxShards - log2Shards);
        return numberOfShards << splits;
    }

    /// <summary>Checks index.number_of_routing_shards against the shard count, as the setting's validator does.</summary>
    public static void ValidateRoutingShards(int numberOfShards, int routingShards)
    {
        if (routingShards < numberOfShards)
            throw Errors.IllegalArgument($"index.number_of_routing_shards [{routingShards}] must be >= index.number_of_shards [{numberOfShards}]");
        var factor = routingShards / numberOfShards;
        if (routingShards != numberOfShards && (factor * numberOfShards != routingShards || factor <= 1))
            throw Errors.IllegalArgument($"the number of source shards [{numberOfShards}] must be a factor of [{routingShards}]");
    }

    /// <summary>The shard an index, get, update or delete of this document goes to.</summary>
    public int ShardFor(string id, string? routing)
    {
        if (RoutingRequired && routing == null)
            throw RoutingMissing(IndexName, id);
        return PlacementOf(id, routing);
    }

    /// <summary>The shard a stored document with this id and routing lives on (no required-routing check).</summary>
    public int PlacementOf(string id, string? routing) => HashToShard(Murmur3Hash.Hash(routing ?? id));

    /// <summary>The shard a search with this routing value reads (unpartitioned: the same one a get would).</summary>
    public int SearchShard(string routing) => HashToShard(Murmur3Hash.Hash(routing));

    private int HashToShard(int hash) => FloorMod(hash, RoutingNumShards) / RoutingFactor;

    private static int FloorMod(int value, int modulus)
    {
        var r = value % modulus;
        return r < 0 ? r + modulus : r;
    }

    public static ElasticsearchException RoutingMissing(string index, string id)
        => new ElasticsearchException(400, "routing_missing_exception", $"routing is required for [{index}]/[{id}]").WithIndex(index, null);
}
