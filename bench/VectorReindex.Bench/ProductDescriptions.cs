namespace VectorReindex.Bench;

/// <summary>Deterministic product descriptions of real words: texts a sentence model embeds (the corpus's "product N" titles are too short to time a model by).</summary>
internal static class ProductDescriptions
{
    private static readonly string[] Adjectives = ["red", "waterproof", "lightweight", "leather", "organic", "wireless", "vintage", "compact", "stainless", "handmade"];
    private static readonly string[] Nouns = ["running shoe", "backpack", "coffee grinder", "desk lamp", "rain jacket", "headphones", "kitchen knife", "yoga mat", "travel mug", "bicycle helmet"];
    private static readonly string[] Uses = ["for daily commuting", "for long hikes", "for small apartments", "for the office", "for cold mornings", "for weekend trips"];

    public static string Of(int i) =>
        $"{Adjectives[i % 10]} {Nouns[i / 10 % 10]} {Uses[i / 100 % 6]}, item {i}: a {Adjectives[(i / 7) % 10]} choice {Uses[(i / 3) % 6]}";
}
