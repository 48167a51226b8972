using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Expresses how the source index keeps _source the way the target cluster's version takes it:
    /// the source mode as the index.mapping.source.mode setting from 8.17 (9.x ignores a mapping's
    /// _source.mode) or as the mapping's _source.mode before; index.mapping.exclude_source_vectors only
    /// where the target knows it. Where the target's default for vectors in _source differs from the
    /// source's, the target's default stands and the drift report says so. Pure: no cluster calls.
    /// </summary>
    public static class SourceStorageResolver
    {
        public const string SourceModeSetting = "index.mapping.source.mode";
        public const string ExcludeSourceVectorsSetting = "index.mapping.exclude_source_vectors";

        /// <param name="mappings">The target's mappings (changed in place).</param>
        /// <param name="settings">The target's flat settings, the requested ones merged in (changed in place).</param>
        /// <param name="sourceSettings">The source index's flat settings, as read.</param>
        public static void Resolve(JsonObject mappings, JsonObject settings, IReadOnlyDictionary<string, JsonNode?> sourceSettings,
            ClusterCapabilities source, ClusterCapabilities target, List<PlanDrift> drift)
        {
            if (!target.Version.IsKnown) return;
            ResolveSourceMode(mappings, settings, target, drift);
            ResolveVectorsInSource(settings, sourceSettings, source, target, drift);
        }

        private static void ResolveSourceMode(JsonObject mappings, JsonObject settings, ClusterCapabilities target, List<PlanDrift> drift)
        {
            var sourceObject = mappings["_source"] as JsonObject;
            var mappingMode = sourceObject?["mode"]?.ToString();
            var settingMode = settings[SourceModeSetting]?.ToString();
            if (target.SourceModeSetting)
            {
                if (mappingMode == null) return;
                sourceObject!.Remove("mode");
                if (sourceObject.Count == 0) mappings.Remove("_source");
                // Where both are set, the setting is what the source cluster applied (a licence may have overruled the mapping).
                var mode = settingMode ?? mappingMode;
                settings[SourceModeSetting] = mode;
                var why = target.Version.Major >= 9
                    ? $"Elasticsearch {target.Version} ignores _source.mode in a mapping, so the mode is written as the index setting."
                    : $"Elasticsearch {target.Version} deprecates _source.mode in mappings for the index setting, so the setting is written.";
                if (settingMode != null && settingMode != mappingMode)
                    why += $" The source's mapping asked for {mappingMode}, and its cluster applied {settingMode}: the target gets what was applied.";
                drift.Add(new PlanDrift("source mode", null, $"{mappingMode} (mapping _source.mode)", $"{mode} (setting {SourceModeSetting})", why));
                return;
            }
            if (settingMode == null) return;
            settings.Remove(SourceModeSetting);
            if (sourceObject == null) mappings["_source"] = sourceObject = new JsonObject();
            sourceObject["mode"] = settingMode;
            drift.Add(new PlanDrift("source mode", null, $"{settingMode} (setting {SourceModeSetting})", $"{settingMode} (mapping _source.mode)",
                $"Elasticsearch {target.Version} has no {SourceModeSetting} setting, so the mode is written in the mapping."));
        }

        private static void ResolveVectorsInSource(JsonObject settings, IReadOnlyDictionary<string, JsonNode?> sourceSettings,
            ClusterCapabilities source, ClusterCapabilities target, List<PlanDrift> drift)
        {
            // An index's default follows the version that created it: an index created on 8.x (kept
            // through an upgrade) stores vectors in _source on any cluster; for one created on 9.x the
            // source cluster's version stands in (index versions within 9.x name no release).
            var createdOn8 = CreatedBefore9(sourceSettings);
            var sourceExcludes = sourceSettings.TryGetValue(ExcludeSourceVectorsSetting, out var given) && given != null
                ? IsTrue(given)
                : !createdOn8 && source.ExcludesSourceVectorsByDefault;
            if (settings[ExcludeSourceVectorsSetting] is { } copied && !target.ExcludeSourceVectorsSetting)
            {
                settings.Remove(ExcludeSourceVectorsSetting);
                drift.Add(new PlanDrift("vectors in _source", null, $"{Describe(IsTrue(copied))} ({ExcludeSourceVectorsSetting}: {copied})", "stored in _source (always, on this version)",
                    $"Elasticsearch {target.Version} has no {ExcludeSourceVectorsSetting} setting, so it is left out; vectors stay in _source."));
                return;
            }
            var explicitTarget = settings[ExcludeSourceVectorsSetting];
            var targetExcludes = explicitTarget != null ? IsTrue(explicitTarget) : target.ExcludesSourceVectorsByDefault;
            if (sourceExcludes == targetExcludes) return;
            var resolution = explicitTarget != null
                ? $"{ExcludeSourceVectorsSetting} is given for the target."
                : targetExcludes
                    ? $"The target's default stands; the migration asks for vectors back on every read. To keep them in _source as the source does, give the setting {ExcludeSourceVectorsSetting}: false."
                    : $"The target's default stands. To leave them out as the source does, give the setting {ExcludeSourceVectorsSetting}: true.";
            var sourceDefault = createdOn8 && source.Version.Major >= 9 ? " (the default of an index created on 8.x)" : $" (the {source.Version} default)";
            drift.Add(new PlanDrift("vectors in _source", null, Describe(sourceExcludes) + (given == null ? sourceDefault : ""),
                Describe(targetExcludes) + (explicitTarget == null ? $" (the {target.Version} default)" : ""), resolution));
        }

        /// <summary>index.version.created below 9_000_000: the index was created on 8.x or earlier (index versions of 9.x start at 9_000_000).</summary>
        private static bool CreatedBefore9(IReadOnlyDictionary<string, JsonNode?> sourceSettings) =>
            sourceSettings.TryGetValue("index.version.created", out var created) && created != null
            && int.TryParse(created.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && id < 9_000_000;

        private static bool IsTrue(JsonNode node) => string.Equals(node.ToString(), "true", StringComparison.OrdinalIgnoreCase);

        private static string Describe(bool excluded) => excluded ? "left out of _source" : "stored in _source";
    }
}
