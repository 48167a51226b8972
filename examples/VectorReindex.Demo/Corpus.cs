using System.Text.Json.Nodes;

namespace VectorReindex.Demo;

/// <summary>
/// A deterministic product catalogue of real words: a description and metadata for any document
/// number and revision, and the queries a shopper might type. Descriptions vary enough (brand,
/// adjectives, product, colour, material, use, two features) that a real model sees distinct texts.
/// </summary>
public static class Corpus
{
    private sealed record Product(string Name, string Category);

    private static readonly string[] Brands = { "Summit", "Harbor", "Meadow", "Granite", "Willow", "Atlas", "Pioneer", "Cedar", "Beacon", "Ember", "Northwind", "Juniper" };
    private static readonly string[] Adjectives =
    {
        "lightweight", "durable", "insulated", "breathable", "waterproof", "wireless", "compact", "vintage", "organic", "smart",
        "foldable", "ergonomic", "rechargeable", "adjustable", "portable", "quiet", "handmade", "recycled", "classic", "slim",
    };
    private static readonly Product[] Products =
    {
        new("running shoe", "sports"), new("yoga mat", "sports"), new("dumbbell set", "sports"), new("cycling jersey", "sports"),
        new("tennis racket", "sports"), new("swimming goggles", "sports"), new("rain jacket", "outdoor"), new("tent", "outdoor"),
        new("sleeping bag", "outdoor"), new("hiking backpack", "outdoor"), new("camping stove", "outdoor"), new("headlamp", "outdoor"),
        new("desk lamp", "home"), new("throw blanket", "home"), new("bookshelf", "home"), new("floor rug", "home"),
        new("bath towel", "home"), new("wall clock", "home"), new("office chair", "office"), new("standing desk", "office"),
        new("notebook", "office"), new("monitor stand", "office"), new("fountain pen", "office"), new("paper shredder", "office"),
        new("headphones", "electronics"), new("keyboard", "electronics"), new("phone case", "electronics"), new("bluetooth speaker", "electronics"),
        new("smart watch", "electronics"), new("power bank", "electronics"), new("coffee grinder", "kitchen"), new("kettle", "kitchen"),
        new("chef knife", "kitchen"), new("frying pan", "kitchen"), new("water bottle", "kitchen"), new("blender", "kitchen"),
    };
    private static readonly string[] Colours = { "red", "navy", "olive", "charcoal", "white", "black", "sand", "teal", "burgundy", "grey", "mustard", "forest green" };
    private static readonly string[] Materials = { "cotton", "nylon", "wool", "aluminium", "oak", "ceramic", "silicone", "canvas", "stainless steel", "glass", "leather", "bamboo" };
    private static readonly string[] Uses =
    {
        "for trail running", "for the office", "for camping trips", "for travel", "for the kitchen", "for gaming", "for daily commuting",
        "for kids", "for cold winters", "for the gym", "for small apartments", "for long hikes", "for students", "for the garden",
    };
    private static readonly string[] Features =
    {
        "Machine washable.", "Two-year warranty.", "Fits in a carry-on bag.", "The battery lasts up to thirty hours.", "Dishwasher safe.",
        "Zip pockets keep the rain out.", "Folds flat for storage.", "Comes with a charging cable.", "A non-slip base keeps it steady.",
        "The straps adjust to any size.", "Made from recycled plastic bottles.", "Ships in plastic-free packaging.", "Easy to assemble in minutes.",
        "Soft to the touch.", "Resists scratches and stains.", "Weighs less than a kilogram.", "Keeps drinks cold for a day.", "Quiet enough for a library.",
    };

    public static string Id(int n) => "p" + n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The shard routing of document <paramref name="n"/> in the --cross-cluster mode (null
    /// otherwise): the store that sells it. Fixed for the document's life, unlike its category,
    /// which changes with its revisions and so cannot route it.
    /// </summary>
    public static string? Routing(DemoOptions options, int n) =>
        options.CrossCluster ? "store-" + (n % 16).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string Text(int n, int revision)
    {
        var r = Draw(n, revision, out var product);
        var first = r.Next(Adjectives.Length);
        var second = (first + 1 + r.Next(Adjectives.Length - 1)) % Adjectives.Length;
        var feature = r.Next(Features.Length);
        var another = (feature + 1 + r.Next(Features.Length - 1)) % Features.Length;
        return $"{Brands[r.Next(Brands.Length)]} {Adjectives[first]} {Adjectives[second]} {product.Name} in {Colours[r.Next(Colours.Length)]} " +
               $"{Materials[r.Next(Materials.Length)]} {Uses[r.Next(Uses.Length)]}. {Features[feature]} {Features[another]}";
    }

    public static JsonObject Metadata(int n, int revision)
    {
        Draw(n, revision, out var product);
        return new JsonObject
        {
            ["category"] = product.Category,
            ["price"] = Math.Round(5 + (n * 37 + revision * 11) % 500 + 0.99, 2),
            ["in_stock"] = (n + revision) % 5 != 0,
            ["revision"] = revision,
        };
    }

    /// <summary>A query a shopper might type.</summary>
    public static string Query(Random r)
    {
        var product = Products[r.Next(Products.Length)].Name;
        return r.Next(3) switch
        {
            0 => $"{Adjectives[r.Next(Adjectives.Length)]} {product} {Uses[r.Next(Uses.Length)]}",
            1 => $"{Colours[r.Next(Colours.Length)]} {Materials[r.Next(Materials.Length)]} {product}",
            _ => $"{Adjectives[r.Next(Adjectives.Length)]} {product}, {Features[r.Next(Features.Length)].TrimEnd('.').ToLowerInvariant()}",
        };
    }

    /// <summary>The document's random source, already past its product: text and metadata agree on it.</summary>
    private static Random Draw(int n, int revision, out Product product)
    {
        var r = new Random(n * 31 + revision * 7919);
        product = Products[r.Next(Products.Length)];
        return r;
    }
}
