using Xunit;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Mapping;
using VectorReindex.LocalNode.Metadata;

namespace VectorReindex.LocalNode.Tests.Cluster;

/// <summary>
/// The routing function against Elasticsearch's own expected values. Sources (elastic/elasticsearch):
/// server/src/test/java/org/elasticsearch/cluster/routing/operation/hash/murmur3/Murmur3HashFunctionTests.java
/// (testKnownValues), server/src/test/java/org/elasticsearch/cluster/routing/IndexRoutingTests.java
/// (testBWC: 8 shards, routing_num_shards 8 as IndexMetadata.Builder defaults it; testPartitionedIndexShrunk,
/// testPartitionedIndexBWC; testSimpleRoutingPreAndPostModRoutingChange; testRequiredRouting)
/// and server/src/test/java/org/elasticsearch/cluster/metadata/MetadataCreateIndexServiceTests.java
/// (testCalculateNumRoutingShards).
/// </summary>
public sealed class IndexRoutingTests
{
    [Theory]
    [InlineData("hell", 0x5a0cb7c3)]
    [InlineData("hello", unchecked((int)0xd7c31989))]
    [InlineData("hello w", 0x22ab2984)]
    [InlineData("hello wo", unchecked((int)0xdf0ca123))]
    [InlineData("hello wor", unchecked((int)0xe7744d61))]
    [InlineData("The quick brown fox jumps over the lazy dog", unchecked((int)0xe07db09c))]
    [InlineData("The quick brown fox jumps over the lazy cog", 0x4e63d2ad)]
    public void Murmur3Hash_KnownValues_MatchElasticsearch(string input, int expected)
    {
        Assert.Equal(expected, Murmur3Hash.Hash(input));
    }

    /// <summary>IndexRoutingTests.testBWC: "Ensures that all changes to the hash-function / shard selection are BWC".</summary>
    public static readonly IReadOnlyDictionary<string, int> BwcTermToShard = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["sEERfFzPSI"] = 1,
        ["cNRiIrjzYd"] = 7,
        ["BgfLBXUyWT"] = 5,
        ["cnepjZhQnb"] = 3,
        ["OKCmuYkeCK"] = 6,
        ["OutXGRQUja"] = 5,
        ["yCdyocKWou"] = 1,
        ["KXuNWWNgVj"] = 2,
        ["DGJOYrpESx"] = 4,
        ["upLDybdTGs"] = 5,
        ["yhZhzCPQby"] = 1,
        ["EyCVeiCouA"] = 1,
        ["tFyVdQauWR"] = 6,
        ["nyeRYDnDQr"] = 6,
        ["hswhrppvDH"] = 0,
        ["BSiWvDOsNE"] = 5,
        ["YHicpFBSaY"] = 1,
        ["EquPtdKaBZ"] = 4,
        ["rSjLZHCDfT"] = 5,
        ["qoZALVcite"] = 7,
        ["yDCCPVBiCm"] = 7,
        ["ngizYtQgGK"] = 5,
        ["FYQRIBcNqz"] = 0,
        ["EBzEDAPODe"] = 2,
        ["YePigbXgKb"] = 1,
        ["PeGJjomyik"] = 3,
        ["cyQIvDmyYD"] = 7,
        ["yIEfZrYfRk"] = 5,
        ["kblouyFUbu"] = 7,
        ["xvIGbRiGJF"] = 3,
        ["KWimwsREPf"] = 4,
        ["wsNavvIcdk"] = 7,
        ["xkWaPcCmpT"] = 0,
        ["FKKTOnJMDy"] = 7,
        ["RuLzobYixn"] = 2,
        ["mFohLeFRvF"] = 4,
        ["aAMXnamRJg"] = 7,
        ["zKBMYJDmBI"] = 0,
        ["ElSVuJQQuw"] = 7,
        ["pezPtTQAAm"] = 7,
        ["zBjjNEjAex"] = 2,
        ["PGgHcLNPYX"] = 7,
        ["hOkpeQqTDF"] = 3,
        ["chZXraUPBH"] = 7,
        ["FAIcSmmNXq"] = 5,
        ["EZmDicyayC"] = 0,
        ["GRIueBeIyL"] = 7,
        ["qCChjGZYLp"] = 3,
        ["IsSZQwwnUT"] = 3,
        ["MGlxLFyyCK"] = 3,
        ["YmscwrKSpB"] = 0,
        ["czSljcjMop"] = 5,
        ["XhfGWwNlng"] = 1,
        ["cWpKJjlzgj"] = 7,
        ["eDzIfMKbvk"] = 1,
        ["WFFWYBfnTb"] = 0,
        ["oDdHJxGxja"] = 7,
        ["PDOQQqgIKE"] = 1,
        ["bGEIEBLATe"] = 6,
        ["xpRkJPWVpu"] = 2,
        ["kTwZnPEeIi"] = 2,
        ["DifcuqSsKk"] = 1,
        ["CEmLmljpXe"] = 5,
        ["cuNKtLtyJQ"] = 7,
        ["yNjiAnxAmt"] = 5,
        ["bVDJDCeaFm"] = 2,
        ["vdnUhGLFtl"] = 0,
        ["LnqSYezXbr"] = 5,
        ["EzHgydDCSR"] = 3,
        ["ZSKjhJlcpn"] = 1,
        ["WRjUoZwtUz"] = 3,
        ["RiBbcCdIgk"] = 4,
        ["yizTqyjuDn"] = 4,
        ["QnFjcpcZUT"] = 4,
        ["agYhXYUUpl"] = 7,
        ["UOjiTugjNC"] = 7,
        ["nICGuWTdfV"] = 0,
        ["NrnSmcnUVF"] = 2,
        ["ZSzFcbpDqP"] = 3,
        ["YOhahLSzzE"] = 5,
        ["iWswCilUaT"] = 1,
        ["zXAamKsRwj"] = 2,
        ["aqGsrUPHFq"] = 5,
        ["eDItImYWTS"] = 1,
        ["JAYDZMRcpW"] = 4,
        ["lmvAaEPflK"] = 7,
        ["IKuOwPjKCx"] = 5,
        ["schsINzlYB"] = 1,
        ["OqbFNxrKrF"] = 2,
        ["QrklDfvEJU"] = 6,
        ["VLxKRKdLbx"] = 4,
        ["imoydNTZhV"] = 1,
        ["uFZyTyOMRO"] = 4,
        ["nVAZVMPNNx"] = 3,
        ["rPIdESYaAO"] = 5,
        ["nbZWPWJsIM"] = 0,
        ["wRZXPSoEgd"] = 3,
        ["nGzpgwsSBc"] = 4,
        ["AITyyoyLLs"] = 4,
    };

    [Fact]
    public void ShardFor_ElasticsearchBwcTerms_LandOnTheirExpectedShards()
    {
        var routing = new IndexRouting("test", 8, 8, routingRequired: false);
        foreach (var (term, shard) in BwcTermToShard)
        {
            Assert.Equal(shard, routing.ShardFor(term, null));
            Assert.Equal(shard, routing.ShardFor("any-id", term));
            Assert.Equal(new[] { shard }, routing.SearchShards(term));
        }
    }

    /// <summary>
    /// IndexRoutingTests.testPartitionedIndexShrunk: 4 shards, routing_num_shards 8, routing_partition_size 3, on an
    /// index of the current (9.4+) version, which routes by hash mod shards.
    /// </summary>
    [Theory]
    [InlineData("a", "a_0", 2)] [InlineData("a", "a_1", 0)] [InlineData("a", "a_2", 0)] [InlineData("a", "a_3", 0)] [InlineData("a", "a_4", 3)] [InlineData("a", "a_5", 0)]
    [InlineData("b", "b_0", 0)] [InlineData("b", "b_1", 1)] [InlineData("b", "b_2", 0)] [InlineData("b", "b_3", 0)] [InlineData("b", "b_4", 3)] [InlineData("b", "b_5", 3)]
    [InlineData("c", "c_0", 3)] [InlineData("c", "c_1", 3)] [InlineData("c", "c_2", 1)] [InlineData("c", "c_3", 1)] [InlineData("c", "c_4", 1)] [InlineData("c", "c_5", 3)]
    [InlineData("d", "d_0", 1)] [InlineData("d", "d_1", 1)] [InlineData("d", "d_2", 2)] [InlineData("d", "d_3", 2)] [InlineData("d", "d_4", 2)] [InlineData("d", "d_5", 2)]
    public void ShardFor_PartitionedShrunkIndex_MatchesElasticsearch(string routing, string id, int shard)
    {
        var indexRouting = new IndexRouting("test", 4, 8, routingRequired: true, partitionSize: 3, modRouting: true);

        Assert.Equal(shard, indexRouting.ShardFor(id, routing));
        Assert.Contains(shard, indexRouting.SearchShards(routing));
    }

    /// <summary>IndexRoutingTests.testPartitionedIndexBWC: 6 shards (routing_num_shards 6), routing_partition_size 2.</summary>
    [Theory]
    [InlineData("a", "a_0", 3)] [InlineData("a", "a_1", 2)] [InlineData("a", "a_2", 2)] [InlineData("a", "a_3", 3)]
    [InlineData("b", "b_0", 5)] [InlineData("b", "b_1", 0)] [InlineData("b", "b_2", 0)] [InlineData("b", "b_3", 0)]
    [InlineData("c", "c_0", 4)] [InlineData("c", "c_1", 4)] [InlineData("c", "c_2", 3)] [InlineData("c", "c_3", 4)]
    [InlineData("d", "d_0", 3)] [InlineData("d", "d_1", 4)] [InlineData("d", "d_2", 4)] [InlineData("d", "d_3", 4)]
    public void ShardFor_PartitionedIndex_MatchesElasticsearchBwcValues(string routing, string id, int shard)
    {
        var indexRouting = new IndexRouting("test", 6, 6, routingRequired: true, partitionSize: 2);

        Assert.Equal(shard, indexRouting.ShardFor(id, routing));
        Assert.Equal(2, indexRouting.SearchShards(routing).Distinct().Count());
    }

    /// <summary>IndexRoutingTests.testSimpleRoutingPreAndPostModRoutingChange: id "1", 2 shards.</summary>
    [Fact]
    public void ShardFor_ModRoutingChange_NewIndicesModShardsOldOnesUseRoutingShards()
    {
        var current = new IndexRouting("test", 2, 2, routingRequired: false, modRouting: true);
        var old = new IndexRouting("test", 2, 1024, routingRequired: false, modRouting: false);

        Assert.Equal(1, current.ShardFor("1", null));
        Assert.Equal(0, old.ShardFor("1", null));
    }

    [Fact]
    public void For_IndexVersionCreated_PicksTheRoutingFunctionOfThatVersion()
    {
        IndexRouting RoutingOf(string created) => IndexRouting.For("t", new IndexSettings(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["index.number_of_shards"] = "3",
            ["index.version.created"] = created,
        }), VectorReindex.LocalNode.Mapping.IndexMapping.Empty);

        Assert.False(RoutingOf("8521000").ModRouting);
        Assert.False(RoutingOf("9063000").ModRouting);
        Assert.True(RoutingOf("9064000").ModRouting);
        Assert.Equal(768, RoutingOf("9064000").RoutingNumShards);
    }

    [Theory]
    [InlineData(1, 1024)]
    [InlineData(2, 1024)]
    [InlineData(3, 768)]
    [InlineData(9, 576)]
    [InlineData(512, 1024)]
    [InlineData(1024, 2048)]
    [InlineData(2048, 4096)]
    public void DefaultRoutingNumShards_AsMetadataCreateIndexService_Calculates(int shards, int expected)
    {
        Assert.Equal(expected, IndexRouting.DefaultRoutingNumShards(shards));
    }

    [Fact]
    public void ShardFor_RoutingRequiredAndMissing_ThrowsRoutingMissingAsElasticsearchWordsIt()
    {
        var routing = new IndexRouting("test", 2, 1024, routingRequired: true);

        var error = Assert.Throws<VectorReindex.LocalNode.Foundation.ElasticsearchException>(() => routing.ShardFor("id", null));

        Assert.Equal(400, error.Status);
        Assert.Equal("routing_missing_exception", error.Type);
        Assert.Equal("routing is required for [test]/[id]", error.Reason);
    }

    [Theory]
    [InlineData(3, 2, "index.number_of_routing_shards [2] must be >= index.number_of_shards [3]")]
    [InlineData(3, 5, "the number of source shards [3] must be a factor of [5]")]
    public void ValidateRoutingShards_NotAMultiple_IsRefused(int shards, int routingShards, string message)
    {
        var error = Assert.Throws<VectorReindex.LocalNode.Foundation.ElasticsearchException>(() => IndexRouting.ValidateRoutingShards(shards, routingShards));

        Assert.Equal("illegal_argument_exception", error.Type);
        Assert.Equal(message, error.Reason);
    }
}
