using System.Text.Json.Serialization;

namespace VectorReindex.LocalNode.ClientTests;

/// <summary>The document the scenario migrates: a few fields and a 4-dimensional embedding.</summary>
public sealed class Product
{
    [JsonPropertyName("sku")]
    public string Sku { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("price")]
    public double Price { get; set; }

    [JsonPropertyName("embedding")]
    public float[]? Embedding { get; set; }

    public static Product Numbered(int n) => new()
    {
        Sku = "p-" + n,
        Name = "product " + n,
        Price = n,
        // Distinct directions, so the nearest neighbour of a document's own vector is that document.
        Embedding = new[] { MathF.Cos(n * 0.01f), MathF.Sin(n * 0.01f), (n % 7) * 0.1f, 1f },
    };
}
