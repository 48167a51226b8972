using System.Text.Json.Nodes;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Migrations;

public sealed class MappingFieldsTests
{
    private static readonly JsonObject Mappings = JsonNode.Parse("""
        { "properties": {
            "title": { "type": "text", "fields": { "raw": { "type": "keyword" } } },
            "sku": { "type": "keyword" },
            "embedding": { "type": "dense_vector", "dims": 4 },
            "details": { "properties": { "summary": { "type": "text" }, "image": { "type": "dense_vector", "dims": 4 } } }
        } }
        """)!.AsObject();

    [Fact]
    public void OfType_FindsFieldsInsideObjects_AsDottedPaths_WithoutMultiFields()
    {
        Assert.Equal(new[] { "title", "sku", "details.summary" }, MappingFields.OfType(Mappings, MappingFields.TextTypes));
        Assert.Equal(new[] { "embedding", "details.image" }, MappingFields.OfType(Mappings, MappingFields.VectorTypes));
    }
}
