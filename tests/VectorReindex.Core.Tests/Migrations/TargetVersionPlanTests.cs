using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>The shadow index plan resolves the target cluster's version defaults and reports where they differ from the source's.</summary>
public sealed class TargetVersionPlanTests
{
    private static ClusterCapabilities Es(string version) => ClusterCapabilities.For(ServerVersion.Parse(version));

    /// <summary>A source index as GET /{index} returns it: dense_vector index_options always shown, with their defaults.</summary>
    private static JsonObject Source(int dims = 128, string indexOptions = """{ "type": "int8_hnsw", "m": 16, "ef_construction": 100 }""",
        string elementType = "float", string sourceMapping = "", string settings = "")
        => JsonNode.Parse($$"""
        {
          "mappings": {
            {{sourceMapping}}
            "properties": {
              "title": { "type": "text" },
              "embedding": { "type": "dense_vector", "dims": {{dims}}, "element_type": "{{elementType}}", "index": true, "similarity": "cosine", "index_options": {{indexOptions}} }
            }
          },
          "settings": { "index": { "number_of_shards": "1", "number_of_replicas": "1" {{settings}} } }
        }
        """)!.AsObject();

    private static ShadowIndexPlan Plan(JsonObject source, string from, string to, ShadowIndexOptions? options = null) =>
        ShadowIndexPlanner.Plan("products", "products-v1", source, options ?? new ShadowIndexOptions { Alias = "products" }, Es(from), Es(to));

    private static JsonObject Vector(ShadowIndexPlan plan) => plan.Body["mappings"]!["properties"]!["embedding"]!.AsObject();

    private static string IndexOptionsType(ShadowIndexPlan plan) => (string)Vector(plan)["index_options"]!["type"]!;

    [Fact]
    public void Plan_SourceDefaultInt8_MovedTo384DimsOn92_TakesTheTargetsBbqDefault_AndSaysSo()
    {
        var plan = Plan(Source(dims: 128), "8.17.0", "9.2.0", new ShadowIndexOptions { Alias = "products", Dimensions = 384 });

        Assert.Equal("bbq_hnsw", IndexOptionsType(plan));
        Assert.Equal("bbq_hnsw", (string)plan.Migration.IndexOptions!["type"]!);
        var drift = Assert.Single(plan.Drift.Items, d => d.Aspect == "index_options");
        Assert.Equal("embedding", drift.Field);
        Assert.Equal("int8_hnsw (the 8.17.0 default for 128 dimensions)", drift.Source);
        Assert.Equal("bbq_hnsw (the 9.2.0 default for 384 dimensions)", drift.Target);
    }

    [Fact]
    public void Plan_BecomingBbqOn91OrLater_ReportsTheDefaultOversampling()
    {
        var plan = Plan(Source(dims: 128), "8.17.0", "9.2.0", new ShadowIndexOptions { Alias = "products", Dimensions = 384 });

        var drift = Assert.Single(plan.Drift.Items, d => d.Aspect == "kNN rescoring");
        Assert.Equal("no oversampling", drift.Source);
        Assert.Equal("oversample 3.0x and rescore (the 9.2.0 default for bbq)", drift.Target);
    }

    [Fact]
    public void Plan_SameVersionDefaultInt8_MovedTo384Dims_TakesTheBbqDefault()
    {
        var plan = Plan(Source(dims: 128), "9.2.0", "9.2.0", new ShadowIndexOptions { Alias = "products", Dimensions = 384 });

        Assert.Equal("bbq_hnsw", IndexOptionsType(plan));
    }

    [Fact]
    public void Plan_BbqDefaultOn91_MovedBelow64Dims_TakesInt8_InsteadOfAnIndexTheClusterRefuses()
    {
        var plan = Plan(Source(dims: 384, indexOptions: """{ "type": "bbq_hnsw", "m": 16, "ef_construction": 100 }"""), "9.1.0", "9.1.0",
            new ShadowIndexOptions { Alias = "products", Dimensions = 32 });

        Assert.Equal("int8_hnsw", IndexOptionsType(plan));
    }

    [Fact]
    public void Plan_ExplicitBbqMovedBelow64Dims_IsIndexOptionsTooFewDimensions()
    {
        // bbq_hnsw at 128 dimensions is not a default on any version: the source chose it.
        var ex = Assert.Throws<VectorMigrationException>(() => Plan(Source(dims: 128, indexOptions: """{ "type": "bbq_hnsw", "m": 16, "ef_construction": 100 }"""),
            "9.2.0", "9.2.0", new ShadowIndexOptions { Alias = "products", Dimensions = 32 }));

        Assert.Equal(MigrationErrorCodes.IndexOptionsTooFewDimensions, ex.ErrorId);
        Assert.Contains("'embedding'", ex.Message);
        Assert.Contains("32 dimensions", ex.Message);
    }

    [Fact]
    public void Plan_GivenBbqWithTooFewDims_IsIndexOptionsTooFewDimensions()
    {
        var ex = Assert.Throws<VectorMigrationException>(() => Plan(Source(), "9.2.0", "9.2.0",
            new ShadowIndexOptions { Alias = "products", Dimensions = 48, IndexOptions = new JsonObject { ["type"] = "bbq_flat" } }));

        Assert.Equal(MigrationErrorCodes.IndexOptionsTooFewDimensions, ex.ErrorId);
    }

    [Fact]
    public void Plan_Int4WithOddDims_IsIndexOptionsOddDimensions()
    {
        var ex = Assert.Throws<VectorMigrationException>(() => Plan(Source(indexOptions: """{ "type": "int4_hnsw", "m": 16, "ef_construction": 100 }"""),
            "8.17.0", "9.2.0", new ShadowIndexOptions { Alias = "products", Dimensions = 33 }));

        Assert.Equal(MigrationErrorCodes.IndexOptionsOddDimensions, ex.ErrorId);
        Assert.Contains("'embedding'", ex.Message);
    }

    [Fact]
    public void Plan_ExplicitInt8Moved_To384DimsOn92_KeepsTheChoice_AndTheDriftReportSaysTheDefaultDiffers()
    {
        var plan = Plan(Source(indexOptions: """{ "type": "int8_hnsw", "m": 32, "ef_construction": 100 }"""), "8.17.0", "9.2.0",
            new ShadowIndexOptions { Alias = "products", Dimensions = 384 });

        Assert.Equal("int8_hnsw", IndexOptionsType(plan));
        Assert.Equal(32, (int)Vector(plan)["index_options"]!["m"]!);
        var drift = Assert.Single(plan.Drift.Items, d => d.Aspect == "index_options");
        Assert.Contains("9.2.0 defaults to bbq_hnsw for 384 dimensions", drift.Target);
        Assert.Contains("{\"type\":\"bbq_hnsw\"}", drift.Resolution);
    }

    [Fact]
    public void Plan_GivenIndexOptions_AreUsedAsGiven_WithoutDrift()
    {
        var plan = Plan(Source(), "8.17.0", "9.2.0",
            new ShadowIndexOptions { Alias = "products", Dimensions = 384, IndexOptions = new JsonObject { ["type"] = "int8_hnsw" } });

        Assert.Equal("int8_hnsw", IndexOptionsType(plan));
        Assert.DoesNotContain(plan.Drift.Items, d => d.Aspect == "index_options");
    }

    [Fact]
    public void Plan_IndexOptionsTypeTheTargetDoesNotKnow_IsIndexOptionsNotSupported()
    {
        var ex = Assert.Throws<VectorMigrationException>(() => Plan(Source(indexOptions: """{ "type": "bbq_disk" }"""), "9.2.0", "8.19.0"));

        Assert.Equal(MigrationErrorCodes.IndexOptionsNotSupported, ex.ErrorId);
        Assert.Contains("8.19.0", ex.Message);
    }

    [Theory]
    [InlineData("9.2.0")]
    [InlineData("8.19.0")]
    public void Plan_BFloat16BelowNinePointThree_IsElementTypeNotSupported(string target)
    {
        var ex = Assert.Throws<VectorMigrationException>(() => Plan(Source(), "9.2.0", target,
            new ShadowIndexOptions { Alias = "products", ElementType = "bfloat16" }));

        Assert.Equal(MigrationErrorCodes.ElementTypeNotSupported, ex.ErrorId);
        Assert.Contains("'embedding'", ex.Message);
        Assert.Contains("9.3", ex.Message);
    }

    [Fact]
    public void Plan_BFloat16OnNinePointThree_IsPlanned()
    {
        var plan = Plan(Source(), "9.2.0", "9.3.0", new ShadowIndexOptions { Alias = "products", ElementType = "bfloat16" });

        Assert.Equal("bfloat16", (string)Vector(plan)["element_type"]!);
        Assert.Equal("int8_hnsw", IndexOptionsType(plan));
    }

    [Fact]
    public void Plan_BFloat16SourceToAnOlderTarget_IsElementTypeNotSupported()
    {
        var ex = Assert.Throws<VectorMigrationException>(() => Plan(Source(elementType: "bfloat16"), "9.3.0", "9.2.0"));

        Assert.Equal(MigrationErrorCodes.ElementTypeNotSupported, ex.ErrorId);
    }

    [Fact]
    public void Plan_SyntheticSourceModeInAn8xMapping_To9x_IsWrittenAsTheIndexSetting()
    {
        var plan = Plan(Source(sourceMapping: """ "_source": { "mode": "synthetic" }, """), "8.17.0", "9.2.0");

        Assert.Null(plan.Body["mappings"]!["_source"]);
        Assert.Equal("synthetic", (string)plan.Body["settings"]!["index.mapping.source.mode"]!);
        var drift = Assert.Single(plan.Drift.Items, d => d.Aspect == "source mode");
        Assert.Equal("synthetic (mapping _source.mode)", drift.Source);
        Assert.Equal("synthetic (setting index.mapping.source.mode)", drift.Target);
        Assert.Contains("ignores _source.mode", drift.Resolution);
    }

    [Fact]
    public void Plan_SourceModeMappingOverruledByTheSourceCluster_TakesWhatWasApplied_KeepingOtherSourceOptions()
    {
        var plan = Plan(Source(sourceMapping: """ "_source": { "mode": "synthetic", "excludes": ["secret"] }, """,
            settings: """, "mapping": { "source": { "mode": "stored" } }"""), "8.17.0", "9.2.0");

        Assert.Equal("stored", (string)plan.Body["settings"]!["index.mapping.source.mode"]!);
        Assert.Equal("secret", (string)plan.Body["mappings"]!["_source"]!["excludes"]![0]!);
        Assert.Null(plan.Body["mappings"]!["_source"]!["mode"]);
    }

    [Fact]
    public void Plan_SourceModeSettingToAVersionWithoutIt_IsWrittenInTheMapping()
    {
        var plan = Plan(Source(settings: """, "mapping": { "source": { "mode": "synthetic" } }"""), "8.17.0", "8.15.0");

        Assert.Equal("synthetic", (string)plan.Body["mappings"]!["_source"]!["mode"]!);
        Assert.False(plan.Body["settings"]!.AsObject().ContainsKey("index.mapping.source.mode"));
    }

    [Fact]
    public void Plan_ExcludeSourceVectorsSetting_To90_IsLeftOut_AndReported()
    {
        var plan = Plan(Source(settings: """, "mapping": { "exclude_source_vectors": "true" }"""), "9.2.0", "9.0.0");

        Assert.False(plan.Body["settings"]!.AsObject().ContainsKey("index.mapping.exclude_source_vectors"));
        Assert.Contains(plan.Drift.Items, d => d.Aspect == "vectors in _source" && d.Resolution.Contains("has no index.mapping.exclude_source_vectors"));
    }

    [Fact]
    public void Plan_ExcludeSourceVectorsSetting_To819_IsKept()
    {
        var plan = Plan(Source(settings: """, "mapping": { "exclude_source_vectors": "false" }"""), "9.2.0", "8.19.0");

        Assert.Equal("false", (string)plan.Body["settings"]!["index.mapping.exclude_source_vectors"]!);
    }

    [Fact]
    public void Plan_From817To92_ReportsVectorsLeftOutOfSource()
    {
        var plan = Plan(Source(), "8.17.0", "9.2.0");

        var drift = Assert.Single(plan.Drift.Items, d => d.Aspect == "vectors in _source");
        Assert.Equal("stored in _source (the 8.17.0 default)", drift.Source);
        Assert.Equal("left out of _source (the 9.2.0 default)", drift.Target);
        Assert.Contains("index.mapping.exclude_source_vectors: false", drift.Resolution);
    }

    [Fact]
    public void Plan_IndexCreatedOn8_OnA92Cluster_To92_ReportsItsVectorsStoredInSource_NotTheClustersDefault()
    {
        // An 8.17 index kept through the upgrade to 9.2 still stores its vectors in _source.
        var plan = Plan(Source(settings: """, "version": { "created": "8521000" }"""), "9.2.0", "9.2.0");

        var drift = Assert.Single(plan.Drift.Items, d => d.Aspect == "vectors in _source");
        Assert.Equal("stored in _source (the default of an index created on 8.x)", drift.Source);
        Assert.Equal("left out of _source (the 9.2.0 default)", drift.Target);
    }

    [Fact]
    public void Plan_IndexCreatedOn92_To92_HasNoVectorsInSourceDrift()
    {
        var plan = Plan(Source(settings: """, "version": { "created": "9039000" }"""), "9.2.0", "9.2.0");

        Assert.DoesNotContain(plan.Drift.Items, d => d.Aspect == "vectors in _source");
    }

    [Fact]
    public void Plan_SameVersionNoChanges_HasNoDrift_AndKeepsTheIndexOptions()
    {
        var source = Source();
        var plan = Plan(source, "9.2.0", "9.2.0");

        Assert.True(plan.Drift.IsEmpty, plan.Drift.ToString());
        Assert.Equal("Drift from Elasticsearch 9.2.0 (source) to 9.2.0 (target): none.", Assert.Single(plan.Drift.Lines));
        Assert.True(JsonNode.DeepEquals(source["mappings"]!["properties"]!["embedding"]!["index_options"], Vector(plan)["index_options"]));
    }

    [Fact]
    public void Plan_ResolvedIndexOptions_AreInTheRecordedMigration()
    {
        var plan = Plan(Source(dims: 128), "8.17.0", "9.2.0", new ShadowIndexOptions { Alias = "products", Dimensions = 512 });

        var recorded = MigrationStore.FromMappings(plan.Body["mappings"]!.AsObject());
        Assert.Equal("bbq_hnsw", (string)recorded!.IndexOptions!["type"]!);
    }

    [Theory]
    [InlineData("8.13.0", 128, "hnsw")]
    [InlineData("8.17.0", 1024, "int8_hnsw")]
    [InlineData("9.0.0", 1024, "int8_hnsw")]
    [InlineData("9.1.0", 383, "int8_hnsw")]
    [InlineData("9.1.0", 384, "bbq_hnsw")]
    [InlineData("9.2.0", 384, "bbq_hnsw")]
    public void DefaultFloatIndexOptionsType_FollowsTheVersion(string version, int dims, string expected) =>
        Assert.Equal(expected, Es(version).DefaultFloatIndexOptionsType(dims));
}
