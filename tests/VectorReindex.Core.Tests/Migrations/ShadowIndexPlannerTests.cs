using System.Text.Json.Nodes;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Migrations;

public sealed class ShadowIndexPlannerTests
{
    private static JsonObject Source(string extraProperties = "") => JsonNode.Parse($$"""
        {
          "aliases": { "products": { "is_write_index": true } },
          "mappings": {
            "_meta": { "owner": "search-team" },
            "properties": {
              "title": { "type": "text" },
              "tags": { "type": "keyword" },
              "embedding": { "type": "dense_vector", "dims": 384, "index": true, "similarity": "cosine" }
              {{extraProperties}}
            }
          },
          "settings": {
            "index": {
              "number_of_shards": "3", "number_of_replicas": "2", "refresh_interval": "5s",
              "uuid": "Xx1", "creation_date": "1700000000000", "provided_name": "products-v1",
              "version": { "created": "8170099" }, "routing": { "allocation": { "include": { "_tier_preference": "data_content" } } }
            }
          }
        }
        """)!.AsObject();

    [Fact]
    public void Plan_DefaultName_IsNextVersion_AndVectorChangesApplied()
    {
        var plan = ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions
        {
            Alias = "products", Dimensions = 768, Similarity = "dot_product", IndexOptions = new JsonObject { ["type"] = "int8_hnsw" },
        });

        Assert.Equal("products-v2", plan.Migration.Target);
        Assert.Equal("embedding", plan.Migration.VectorField);
        var field = plan.Body["mappings"]!["properties"]!["embedding"]!;
        Assert.Equal(768, (int)field["dims"]!);
        Assert.Equal("dot_product", (string)field["similarity"]!);
        Assert.Equal("int8_hnsw", (string)field["index_options"]!["type"]!);
        Assert.Equal("text", (string)plan.Body["mappings"]!["properties"]!["title"]!["type"]!);
    }

    [Fact]
    public void Plan_DropsSettingsElasticsearchRefusesOnCreate_KeepsTheRest()
    {
        var settings = ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions { Alias = "products" }).Body["settings"]!.AsObject();

        foreach (var key in new[] { "index.uuid", "index.creation_date", "index.provided_name", "index.version.created" })
            Assert.False(settings.ContainsKey(key), key);
        Assert.Equal("3", (string)settings["index.number_of_shards"]!);
        Assert.Equal("data_content", (string)settings["index.routing.allocation.include._tier_preference"]!);
        Assert.False(settings.ContainsKey("aliases"));
    }

    [Fact]
    public void Plan_LoadsFast_AndRemembersOriginalRefreshAndReplicas()
    {
        var plan = ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions { Alias = "products", Shards = 6 });

        Assert.Equal("-1", (string)plan.Body["settings"]!["index.refresh_interval"]!);
        Assert.Equal("0", (string)plan.Body["settings"]!["index.number_of_replicas"]!);
        Assert.Equal("6", (string)plan.Body["settings"]!["index.number_of_shards"]!);
        Assert.Equal("5s", plan.Migration.OriginalRefreshInterval);
        Assert.Equal("2", plan.Migration.OriginalReplicas);
    }

    [Fact]
    public void Plan_RecordsMigrationInMeta_KeepingApplicationMeta()
    {
        var plan = ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions { Alias = "products" });

        var meta = plan.Body["mappings"]!["_meta"]!;
        Assert.Equal("search-team", (string)meta["owner"]!);
        var recorded = MigrationStore.FromMappings(plan.Body["mappings"]!.AsObject());
        Assert.NotNull(recorded);
        Assert.Equal("products", recorded!.Alias);
        Assert.Equal("products-v1", recorded.Source);
        Assert.Equal("products-v2", recorded.Target);
        Assert.Equal(MigrationPhase.Created, recorded.Phase);
    }

    [Fact]
    public void Plan_MappingOverride_IsDeepMerged()
    {
        var plan = ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions
        {
            Alias = "products",
            Mapping = JsonNode.Parse("""{ "properties": { "brand": { "type": "keyword" }, "title": { "type": "text", "analyzer": "english" } } }""")!.AsObject(),
        });

        var properties = plan.Body["mappings"]!["properties"]!;
        Assert.Equal("keyword", (string)properties["brand"]!["type"]!);
        Assert.Equal("english", (string)properties["title"]!["analyzer"]!);
        Assert.Equal("dense_vector", (string)properties["embedding"]!["type"]!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public void Plan_DimensionsOutOfRange_IsInvalidDimensions(int dims)
    {
        var ex = Assert.Throws<VectorMigrationException>(() =>
            ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions { Alias = "products", Dimensions = dims }));
        Assert.Equal("InvalidDimensions", ex.ErrorId);
        Assert.Contains("1 to 4096", ex.Message);
    }

    [Fact]
    public void Plan_VectorFieldThatIsNotDenseVector_IsNotADenseVectorField()
    {
        var ex = Assert.Throws<VectorMigrationException>(() =>
            ShadowIndexPlanner.Plan("products", "products-v1", Source(), new ShadowIndexOptions { Alias = "products", VectorField = "title" }));
        Assert.Equal("NotADenseVectorField", ex.ErrorId);
        Assert.Contains("embedding", ex.Message);
    }

    [Fact]
    public void Plan_TwoVectorFieldsAndNoChoice_IsAmbiguousVectorField()
    {
        var source = Source(""", "image_embedding": { "type": "dense_vector", "dims": 512 }""");
        var ex = Assert.Throws<VectorMigrationException>(() =>
            ShadowIndexPlanner.Plan("products", "products-v1", source, new ShadowIndexOptions { Alias = "products" }));
        Assert.Equal("AmbiguousVectorField", ex.ErrorId);

        var plan = ShadowIndexPlanner.Plan("products", "products-v1", source, new ShadowIndexOptions { Alias = "products", VectorField = "image_embedding", Dimensions = 256 });
        Assert.Equal(256, (int)plan.Body["mappings"]!["properties"]!["image_embedding"]!["dims"]!);
        Assert.Equal(384, (int)plan.Body["mappings"]!["properties"]!["embedding"]!["dims"]!);
    }

    [Fact]
    public void Plan_NestedVectorField_IsFoundByDottedPath()
    {
        var source = JsonNode.Parse("""{ "mappings": { "properties": { "doc": { "properties": { "vec": { "type": "dense_vector", "dims": 8 } } } } }, "settings": {} }""")!.AsObject();

        var plan = ShadowIndexPlanner.Plan("a", "a", source, new ShadowIndexOptions { Alias = "a", Dimensions = 16 });

        Assert.Equal("doc.vec", plan.Migration.VectorField);
        Assert.Equal("a-v2", plan.Migration.Target);
        Assert.Equal(16, (int)plan.Body["mappings"]!["properties"]!["doc"]!["properties"]!["vec"]!["dims"]!);
    }

    [Theory]
    [InlineData("products-v1", "products-v2")]
    [InlineData("products", "products-v2")]
    [InlineData("products-v9", "products-v10")]
    [InlineData("a-b-v3", "a-b-v4")]
    public void NextVersion_IncrementsSuffix(string index, string expected) => Assert.Equal(expected, IndexNaming.NextVersion(index));

    [Theory]
    [InlineData("*", true)]
    [InlineData("prod*", true)]
    [InlineData("a,b", true)]
    [InlineData("_all", true)]
    [InlineData("-a", true)]
    [InlineData("products-v2", false)]
    public void IsPattern_RefusesAnythingThatAddressesSeveralIndices(string name, bool isPattern) => Assert.Equal(isPattern, IndexNaming.IsPattern(name));

    [Fact]
    public void Plan_WithEmbedder_RecordsItAsTheTargetsOwnModel_NotTheSourcesCopiedOne()
    {
        var source = Source();
        source["mappings"]!["_meta"]!["embedder"] = JsonNode.Parse("""{ "kind": "hashing", "model": "hashing-fnv1a64-v1", "dimensions": 384, "seed": 0 }""");
        var model = VectorReindex.Core.Embedding.EmbedderDescriptor.OpenAI(new Uri("http://localhost:11434/v1"), "nomic-embed-text", 768);

        var plan = ShadowIndexPlanner.Plan("products", "products-v1", source, new ShadowIndexOptions { Alias = "products", Embedder = model });

        Assert.Equal("nomic-embed-text", plan.Body["mappings"]!["_meta"]!["embedder"]!["model"]!.ToString());
        Assert.Equal("search-team", plan.Body["mappings"]!["_meta"]!["owner"]!.ToString());
    }
}
