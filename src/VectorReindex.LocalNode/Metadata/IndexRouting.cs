using System.Globalization;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// Which shard of an index holds a document, as Elasticsearch's IndexRouting decides: murmur3 over the
/// routing value, or the _id when there is none, then floorMod(hash, routing_num_shards) / routing
/// factor for indices created before 9.4 and floorMod(hash, number_of_shards) from 9.4 (the index's
/// own index.version.created decides, as on a real cluster). A partitioned index
/// (index.routing_partition_size > 1) spreads one routing value over that many shards, offset by the
/// _id's hash. A mapping with _routing.required refuses single-document operations that name no routing.
/// </summary>
internal sealed class IndexRouting
{
    /// <summary>IndexVersions.MOD_ROUTING_FUNCTION (9.4.0, elastic/elasticsearch#137062): indices created on or after it route by hash mod shards.</summary>
    public const int ModRoutingIndexVersion = 9_064_0_00;

    public IndexRouting(string indexName, int numberOfShards, int routingNumShards, bool routingRequired, int partitionSize = 1, bool modRouting = false)
    {
        IndexName = indexName;
        NumberOfShards = numberOfShards;
        RoutingNumShards = routingNumShards;
        RoutingFactor = routingNumShards / numberOfShards;
        RoutingRequired = routingRequired;
        PartitionSize = partitionSize;
        ModRouting = modRouting;
    }

    public string IndexName { get; }
    public int NumberOfShards { get; }
    public int RoutingNumShards { get; }
    public int RoutingFactor { get; }
    public bool RoutingRequired { get; }

    /// <summary>index.routing_partition_size: how many shards one routing value spreads over (1: not partitioned).</summary>
    public int PartitionSize { get; }

    /// <summary>Whether the index routes by hash mod number_of_shards (created on 9.4+) rather than through routing_num_shards.</summary>
    public bool ModRouting { get; }

    public static IndexRouting For(string indexName, IndexSettings settings, IndexMapping mapping)
    {
        var shards = settings.NumberOfShards;
        var routingShards = settings.Get("index.number_of_routing_shards") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : DefaultRoutingNumShards(shards);
        var partition = settings.Get("index.routing_partition_size") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 1;
        var created = int.TryParse(settings.Get("index.version.created"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return new IndexRouting(indexName, shards, routingShards, RequiresRouting(mapping), partition, created >= ModRoutingIndexVersion);
    }

    private static bool RequiresRouting(IndexMapping mapping) => mapping.Source["_routing"]?["required"]?.ToString() == "true";

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

    /// <summary>Checks a new index's routing as IndexMetadata.Builder and the document mapper do.</summary>
    public void ValidateForCreate(IndexMapping mapping)
    {
        if (PartitionSize != 1 && PartitionSize >= RoutingNumShards)
            throw Errors.IllegalArgument($"routing partition size [{PartitionSize}] should be a positive number less than the number of routing shards [{RoutingNumShards}] for [{IndexName}]");
        if (PartitionSize > 1 && mapping.Source.Count > 0 && !RequiresRouting(mapping))
            throw Errors.IllegalArgument($"mapping type [_doc] must have routing required for partitioned index [{IndexName}]");
    }

    /// <summary>The shard an index, get, update or delete of this document goes to.</summary>
    public int ShardFor(string id, string? routing)
    {
        if (RoutingRequired && routing == null)
            throw RoutingMissing(IndexName, id);
        return PlacementOf(id, routing);
    }

    /// <summary>The shard a stored document with this id and routing lives on (no required-routing check).</summary>
    public int PlacementOf(string id, string? routing)
    {
        if (PartitionSize == 1)
            return HashToShard(Murmur3Hash.Hash(routing ?? id));
        if (routing == null)
            throw Errors.IllegalArgument("A routing value is required for gets from a partitioned index");
        var offset = FloorMod(Murmur3Hash.Hash(id), PartitionSize);
        return HashToShard(unchecked(Murmur3Hash.Hash(routing) + offset));
    }

    /// <summary>The shards a search with this routing value reads: one, or the routing's partition.</summary>
    public IEnumerable<int> SearchShards(string routing)
    {
        var hash = Murmur3Hash.Hash(routing);
        for (var i = 0; i < PartitionSize; i++)
            yield return HashToShard(unchecked(hash + i));
    }

    private int HashToShard(int hash) => ModRouting ? FloorMod(hash, NumberOfShards) : FloorMod(hash, RoutingNumShards) / RoutingFactor;

    private static int FloorMod(int value, int modulus)
    {
        var r = value % modulus;
        return r < 0 ? r + modulus : r;
    }

    public static ElasticsearchException RoutingMissing(string index, string id)
        => new ElasticsearchException(400, "routing_missing_exception", $"routing is required for [{index}]/[{id}]").WithIndex(index, null);
}
