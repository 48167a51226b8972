using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Compatibility;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>
/// Synthetic _source needs an Enterprise licence; the node has none, like a fresh cluster on its basic
/// licence. So an index created asking for synthetic source (index.mapping.source.mode, an index.mode
/// that implies it, or on 8.x <c>_source.mode</c> in the mapping) keeps stored source, and gets
/// <c>index.mapping.source.mode: stored</c>, as Elasticsearch's synthetic source licence check sets it
/// over the request's own value. On 9.x <c>_source.mode</c> in a mapping has no effect, so asks for nothing.
/// </summary>
internal static class SourceModeFallback
{
    public const string SettingKey = "index.mapping.source.mode";

    public static void Apply(IDictionary<string, string> settings, JsonNode? mappings, VersionProfile profile)
    {
        if (AsksForSyntheticSource(settings, mappings, profile))
            settings[SettingKey] = "stored";
    }

    private static bool AsksForSyntheticSource(IDictionary<string, string> settings, JsonNode? mappings, VersionProfile profile)
    {
        if (settings.TryGetValue(SettingKey, out var mode))
            return string.Equals(mode, "synthetic", StringComparison.OrdinalIgnoreCase);
        if (settings.TryGetValue("index.mode", out var indexMode) && indexMode is "logsdb" or "time_series")
            return true;
        return profile.SourceModeInMappingTakesEffect
               && string.Equals(mappings?["_source"]?["mode"]?.ToString(), "synthetic", StringComparison.OrdinalIgnoreCase);
    }
}
