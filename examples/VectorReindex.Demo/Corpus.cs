using System.Text.Json.Nodes;

namespace VectorReindex.Demo;

/// <summary>A deterministic product catalogue: text and metadata for any document number and revision.</summary>
public static class Corpus
{
    private static readonly string[] Adjectives = { "red", "blue", "green", "black", "white", "light", "heavy", "waterproof", "wireless", "compact", "vintage", "organic", "smart", "foldable", "ergonomic" };
    private static readonly string[] Products = { "running shoe", "rain jacket", "desk lamp", "office chair", "coffee grinder", "phone case", "backpack", "water bottle", "headphones", "keyboard", "tent", "yoga mat", "kettle", "monitor stand", "bike light" };
    private static readonly string[] Uses = { "for trail running", "for the office", "for camping", "for travel", "for the kitchen", "for gaming", "for commuting", "for kids", "for winter", "for the gym" };
    public static readonly string[] Categories = { "sports", "outdoor", "home", "office", "electronics", "kitchen" };

    public static string Id(int n) => "p" + n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    public static string Text(int n, int revision)
    {
        var r = new Random(n * 31 + revision * 7919);
        return $"{Adjectives[r.Next(Adjectives.Length)]} {Adjectives[r.Next(Adjectives.Length)]} {Products[r.Next(Products.Length)]} {Uses[r.Next(Uses.Length)]}, model {n % 97}-{revision}";
    }

    public static JsonObject Metadata(int n, int revision) => new()
    {
        ["category"] = Categories[(n + revision) % Categories.Length],
        ["price"] = Math.Round(5 + (n * 37 + revision * 11) % 500 + 0.99, 2),
        ["in_stock"] = (n + revision) % 5 != 0,
        ["revision"] = revision,
    };

    /// <summary>A query a shopper might type.</summary>
    public static string Query(Random r) => $"{Adjectives[r.Next(Adjectives.Length)]} {Products[r.Next(Products.Length)]} {Uses[r.Next(Uses.Length)]}";
}
