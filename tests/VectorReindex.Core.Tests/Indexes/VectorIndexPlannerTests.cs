using System.Text.Json.Nodes;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Indexes;

namespace VectorReindex.Core.Tests.Indexes;

public sealed class VectorIndexPlannerTests
{
    private static readonly EmbedderDescriptor Model = EmbedderDescriptor.OpenAI(new Uri("http://localhost:11434/v1?key=secret"), "nomic-embed+text", 768);

    [Fact]
    public void Plan_Body_HasFieldsAliasAsWriteIndex_AndTheModelWhereIndexModelReadsIt()
    {
        var plan = VectorIndexPlanner.Plan(new VectorIndexOptions { Alias = "products", Embedder = Model });

        Assert.Equal("products-v1", plan.Index.Index);
        Assert.Equal(768, plan.Index.Dimensions);
        Assert.False(plan.Body.ContainsKey("settings")); // no -Shards: the cluster's default
        Assert.True((bool)plan.Body["aliases"]!["products"]!["is_write_index"]!);
        var vector = plan.Body["mappings"]!["properties"]!["embedding"]!;
        Assert.Equal("dense_vector", vector["type"]!.ToString());
        Assert.Equal(768, (int)vector["dims"]!);
        Assert.Equal("cosine", vector["similarity"]!.ToString());
        Assert.Equal("text", plan.Body["mappings"]!["properties"]!["text"]!["type"]!.ToString());
        Assert.Equal(Model, IndexModel.FromMappings(plan.Body["mappings"]!.AsObject()));
    }

    [Fact]
    public void BodyJson_ShowsCharactersAsThemselves_NotAsUnicodeEscapes()
    {
        var plan = VectorIndexPlanner.Plan(new VectorIndexOptions { Alias = "products", Embedder = Model });

        Assert.Contains("nomic-embed+text", plan.BodyJson);
        Assert.DoesNotContain("\\u00", plan.BodyJson);
        Assert.DoesNotContain("secret", plan.BodyJson);
        Assert.Equal(plan.Body.ToJsonString(), JsonNode.Parse(plan.BodyJson)!.ToJsonString()); // the same JSON, only written for people
    }

    [Fact]
    public void Plan_MappingMergesOtherFields_AndShardsGoToSettings()
    {
        var plan = VectorIndexPlanner.Plan(new VectorIndexOptions
        {
            Alias = "products", Embedder = Model, Shards = 3, Similarity = "dot_product", VectorField = "vec", TextField = "title",
            Mapping = JsonNode.Parse("""{ "properties": { "price": { "type": "double" } }, "dynamic": "strict" }""")!.AsObject(),
        });

        Assert.Equal(3, (int)plan.Body["settings"]!["index.number_of_shards"]!);
        Assert.Equal("double", plan.Body["mappings"]!["properties"]!["price"]!["type"]!.ToString());
        Assert.Equal("strict", plan.Body["mappings"]!["dynamic"]!.ToString());
        Assert.Equal("dot_product", plan.Body["mappings"]!["properties"]!["vec"]!["similarity"]!.ToString());
        Assert.Equal("text", plan.Body["mappings"]!["properties"]!["title"]!["type"]!.ToString());
    }
}
