using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>The recorded index_options: typed reads by the dense_vector names, and the recorded object kept whole.</summary>
public sealed class DenseVectorIndexOptionsTests
{
    private const string Recorded = """{"type":"int8_hnsw","m":32,"ef_construction":200,"confidence_interval":0.95,"rescore_vector":{"oversample":2.5},"on_disk_rescore":true,"cluster_size":384}""";

    [Fact]
    public void TypedReads_EveryDocumentedKey_ReadAsRecorded()
    {
        var options = new DenseVectorIndexOptions(JsonNode.Parse(Recorded)!.AsObject());

        Assert.Equal("int8_hnsw", options.Type);
        Assert.Equal(32, options.M);
        Assert.Equal(200, options.EfConstruction);
        Assert.Equal(0.95, options.ConfidenceInterval);
        Assert.Equal(2.5, options.RescoreVector!.Oversample);
        Assert.True(options.OnDiskRescore);
        Assert.Equal(384, (int)options["cluster_size"]!);
        Assert.Equal(new[] { "type", "m", "ef_construction", "confidence_interval", "rescore_vector", "on_disk_rescore", "cluster_size" }, options.Keys);
    }

    [Fact]
    public void TypedReads_KeysLeftOutOrOfAnotherType_AreNull_AndStillRecorded()
    {
        var options = new DenseVectorIndexOptions(JsonNode.Parse("""{"type":"hnsw","m":"16"}""")!.AsObject());

        Assert.Null(options.EfConstruction);
        Assert.Null(options.RescoreVector);
        Assert.Null(options.M); // a string where a number belongs: not typed, but kept
        Assert.Equal("16", (string)options["m"]!);
    }

    [Fact]
    public void Record_WithUnknownIndexOptionsKeys_SerializesExactlyAsRecorded_AndCompares()
    {
        var stored = MigrationStore.ToJson(new VectorMigration { Alias = "products", Source = "products-v1", Target = "products-v2", VectorField = "embedding" });
        stored["index_options"] = JsonNode.Parse(Recorded);

        var read = stored.Deserialize(MigrationJsonContext.Default.VectorMigration)!;
        var written = MigrationStore.ToJson(read);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Recorded), written["index_options"]));
        Assert.Equal(Recorded, written["index_options"]!.ToJsonString());
        Assert.Equal(Recorded, read.IndexOptions!.ToString());
    }

    [Fact]
    public void Reads_ReturnCopies_SoTheRecordCannotBeChangedThroughThem()
    {
        var options = new DenseVectorIndexOptions(JsonNode.Parse(Recorded)!.AsObject());

        options.ToJsonObject()["type"] = "flat";
        options["rescore_vector"]!.AsObject()["oversample"] = 9;

        Assert.Equal("int8_hnsw", options.Type);
        Assert.Equal(2.5, options.RescoreVector!.Oversample);
    }
}
