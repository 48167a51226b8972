using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Resolves the migrated dense_vector field's element type and index_options against the target
    /// cluster's version, so the target never silently keeps what the source's version chose. The rule:
    /// <list type="bullet">
    /// <item>index_options given for the migration (-IndexOptions, or the field in -Mapping) are used as given;</item>
    /// <item>a source whose index_options are its own version's default (the type it would get with none,
    /// default m and ef_construction, nothing else) gets the target version's default for the target's
    /// dimensions, written out explicitly;</item>
    /// <item>a source that chose its index_options (any other type or parameter) keeps them, and where the
    /// target's default differs the drift report says so and how to take the default instead.</item>
    /// </list>
    /// Then the result must suit the target: a type the version knows, bbq with 64 dimensions or more,
    /// int4 with an even number, bfloat16 only from 9.3. Pure: no cluster calls.
    /// </summary>
    public static class IndexOptionsResolver
    {
        private const int DefaultM = 16;
        private const int DefaultEfConstruction = 100;
        private const int BbqMinimumDimensions = 64;

        /// <summary>
        /// Resolves <paramref name="vector"/> (the target's field mapping, changes applied) in place and
        /// returns the index_options it ends with (null for an unindexed field).
        /// </summary>
        public static JsonObject? Resolve(string field, JsonObject vector, JsonObject sourceField, JsonObject? requested,
            ClusterCapabilities source, ClusterCapabilities target, List<PlanDrift> drift)
        {
            var elementType = vector["element_type"]?.ToString() ?? "float";
            if (elementType == "bfloat16" && target.Version.IsKnown && !target.BFloat16Vectors)
                throw new VectorMigrationException(MigrationErrorCodes.ElementTypeNotSupported, MigrationErrorKind.InvalidArgument,
                    $"Field '{field}' would have element_type bfloat16, which Elasticsearch {target.Version} does not know (bfloat16 needs 9.3 or later). Map it as float on this cluster.",
                    field);
            if (vector["index"] is JsonValue indexed && indexed.TryGetValue(out bool isIndexed) && !isIndexed) return null;

            var dims = IntAt(vector, "dims");
            if (requested == null && source.Version.IsKnown && target.Version.IsKnown)
                ResolveDefault(field, vector, sourceField, elementType, dims, source, target, drift);
            var options = vector["index_options"] as JsonObject;
            if (options?["type"]?.ToString() is { } type)
            {
                Check(field, type, dims, target);
                if (source.Version.IsKnown && target.Version.IsKnown) ReportRescoring(field, sourceField, options, source, target, drift);
            }
            return (JsonObject?)options?.DeepClone();
        }

        /// <summary>From 9.1 a bbq field's kNN queries oversample 3x and rescore unless its mapping or the query says otherwise.</summary>
        private static void ReportRescoring(string field, JsonObject sourceField, JsonObject options, ClusterCapabilities source, ClusterCapabilities target, List<PlanDrift> drift)
        {
            static double Oversample(JsonObject? o, ClusterCapabilities c) =>
                o?["rescore_vector"]?["oversample"] is { } given && double.TryParse(given.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : o?["type"]?.ToString()?.StartsWith("bbq", StringComparison.Ordinal) == true ? c.DefaultBbqOversample : 0.0;
            var before = Oversample(sourceField["index_options"] as JsonObject, source);
            var after = Oversample(options, target);
            if (before == after) return;
            static string Describe(double x) => x == 0 ? "no oversampling" : $"oversample {x.ToString("0.0", CultureInfo.InvariantCulture)}x and rescore";
            drift.Add(new PlanDrift("kNN rescoring", field, Describe(before), Describe(after) + (options["rescore_vector"] == null ? $" (the {target.Version} default for bbq)" : ""),
                options["rescore_vector"] == null
                    ? "kNN queries on the target retrieve more candidates and rescore them with the full vectors unless they say otherwise. To turn it off, give index_options with \"rescore_vector\":{\"oversample\":0}."
                    : "The index options given set it."));
        }

        private static void ResolveDefault(string field, JsonObject vector, JsonObject sourceField, string elementType, int? dims,
            ClusterCapabilities source, ClusterCapabilities target, List<PlanDrift> drift)
        {
            var sourceOptions = sourceField["index_options"] as JsonObject;
            var sourceType = sourceOptions?["type"]?.ToString();
            var sourceDims = IntAt(sourceField, "dims");
            var sourceFloating = IsFloating(sourceField["element_type"]?.ToString() ?? "float");
            var sourceDefault = sourceFloating ? source.DefaultFloatIndexOptionsType(sourceDims) : null;
            var defaulted = sourceType == null || (sourceType == sourceDefault && OnlyDefaultParameters(sourceOptions!));
            var was = sourceType == null ? "none" : sourceType;

            if (!IsFloating(elementType))
            {
                // byte and bit take no quantized index type; a quantized default from a float source goes.
                if (defaulted && sourceType != null && IsQuantized(sourceType))
                {
                    vector.Remove("index_options");
                    drift.Add(new PlanDrift("index_options", field, $"{was} (the {source.Version} default for float)", $"hnsw (the {target.Version} default for {elementType})",
                        $"element_type {elementType} takes no quantized index type, so the target takes its default."));
                }
                return;
            }

            var targetDefault = target.DefaultFloatIndexOptionsType(dims);
            if (defaulted)
            {
                if (sourceType == targetDefault) return;
                vector["index_options"] = new JsonObject { ["type"] = targetDefault };
                drift.Add(new PlanDrift("index_options", field, $"{was} (the {source.Version} default for {Dims(sourceDims)})", $"{targetDefault} (the {target.Version} default for {Dims(dims)})",
                    $"The source had its version's default, so the target takes its own. To keep {was}, give index_options {{\"type\":\"{was}\"}}."));
                return;
            }
            if (sourceType == targetDefault) return;
            drift.Add(new PlanDrift("index_options", field, $"{was} (chosen on the source)", $"{was} (kept; {target.Version} defaults to {targetDefault} for {Dims(dims)})",
                $"The source's explicit choice is kept. To take the target's default, give index_options {{\"type\":\"{targetDefault}\"}}."));
        }

        private static void Check(string field, string type, int? dims, ClusterCapabilities target)
        {
            if (target.Version.IsKnown && !target.KnowsIndexOptionsType(type))
                throw new VectorMigrationException(MigrationErrorCodes.IndexOptionsNotSupported, MigrationErrorKind.InvalidArgument,
                    $"Field '{field}' would have index_options type {type}, which Elasticsearch {target.Version} does not know. Give index options this version takes (its default for {Dims(dims)} is {target.DefaultFloatIndexOptionsType(dims)}).",
                    field);
            if (type.StartsWith("bbq", StringComparison.Ordinal) && dims < BbqMinimumDimensions)
                throw new VectorMigrationException(MigrationErrorCodes.IndexOptionsTooFewDimensions, MigrationErrorKind.InvalidArgument,
                    $"Field '{field}' would have index_options type {type} with {dims} dimensions, and bbq needs {BbqMinimumDimensions} or more. Give other index options (int8_hnsw, for example) or at least {BbqMinimumDimensions} dimensions.",
                    field);
            if (type.StartsWith("int4", StringComparison.Ordinal) && dims is int n && n % 2 != 0)
                throw new VectorMigrationException(MigrationErrorCodes.IndexOptionsOddDimensions, MigrationErrorKind.InvalidArgument,
                    $"Field '{field}' would have index_options type {type} with {dims} dimensions, and int4 needs an even number. Give other index options (int8_hnsw, for example) or an even number of dimensions.",
                    field);
        }

        private static bool OnlyDefaultParameters(JsonObject options)
        {
            foreach (var p in options)
            {
                switch (p.Key)
                {
                    case "type": continue;
                    case "m" when IsInt(p.Value, DefaultM): continue;
                    case "ef_construction" when IsInt(p.Value, DefaultEfConstruction): continue;
                    default: return false;
                }
            }
            return true;
        }

        private static bool IsInt(JsonNode? node, int expected) =>
            int.TryParse(node?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n == expected;

        private static int? IntAt(JsonObject field, string name) =>
            int.TryParse(field[name]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;

        private static bool IsFloating(string elementType) => elementType is "float" or "bfloat16";

        private static bool IsQuantized(string type) => type.StartsWith("int", StringComparison.Ordinal) || type.StartsWith("bbq", StringComparison.Ordinal);

        private static string Dims(int? dims) => dims.HasValue ? dims.Value.ToString(CultureInfo.InvariantCulture) + " dimensions" : "its dimensions";
    }
}
