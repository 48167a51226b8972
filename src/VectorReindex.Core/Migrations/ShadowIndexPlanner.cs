using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Builds the shadow index's create body from the source index's definition and the requested
    /// changes. Pure: no cluster calls, so every rule is testable on its own.
    /// </summary>
    public static class ShadowIndexPlanner
    {
        public const int MaxDimensions = 4096;

        internal static readonly HashSet<string> SimilarityValues = new HashSet<string> { "cosine", "dot_product", "l2_norm", "max_inner_product" };
        private static readonly HashSet<string> ElementTypes = new HashSet<string> { "float", "byte", "bit", "bfloat16" };

        // Settings Elasticsearch owns or refuses on create; copying them from a live index fails the request.
        private static readonly string[] PrivateSettings =
        {
            "index.uuid", "index.creation_date", "index.creation_date_string", "index.provided_name", "index.version.",
            "index.history.uuid", "index.routing.allocation.initial_recovery.", "index.resize.", "index.verified_before_close",
            "index.blocks.", "index.frozen", "index.search.throttled", "index.shrink.", "index.store.snapshot.",
            "index.lifecycle.", "index.downsample.", "index.format", "index.hidden",
        };

        /// <summary>Plans without knowing either cluster's version: nothing is resolved against version defaults.</summary>
        public static ShadowIndexPlan Plan(string alias, string source, JsonObject sourceDefinition, ShadowIndexOptions options) =>
            Plan(alias, source, sourceDefinition, options, ClusterCapabilities.For(default), ClusterCapabilities.For(default));

        /// <summary>
        /// Plans the shadow index on a cluster with <paramref name="targetCluster"/>'s capabilities from a
        /// source index on one with <paramref name="sourceCluster"/>'s: the target version's defaults are
        /// resolved explicitly, and every one that differs from the source's is in the plan's drift report.
        /// </summary>
        public static ShadowIndexPlan Plan(string alias, string source, JsonObject sourceDefinition, ShadowIndexOptions options,
            ClusterCapabilities sourceCluster, ClusterCapabilities targetCluster)
        {
            // Without -Dimensions, a recorded embedder's output size decides the target's dims.
            var dimensions = options.Dimensions ?? options.Embedder?.Dimensions;
            if (dimensions.HasValue && (dimensions < 1 || dimensions > MaxDimensions))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidDimensions, MigrationErrorKind.InvalidArgument,
                    $"{dimensions} dimensions is out of range: a dense_vector field has 1 to {MaxDimensions} dimensions.",
                    dimensions.Value.ToString(CultureInfo.InvariantCulture));
            if (options.Similarity != null && !SimilarityValues.Contains(options.Similarity))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidSimilarity, MigrationErrorKind.InvalidArgument,
                    $"Similarity '{options.Similarity}' is not one Elasticsearch knows (cosine, dot_product, l2_norm, max_inner_product).", options.Similarity);
            if (options.ElementType != null && !ElementTypes.Contains(options.ElementType))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidElementType, MigrationErrorKind.InvalidArgument,
                    $"Element type '{options.ElementType}' is not one Elasticsearch knows (float, byte, bit, bfloat16).", options.ElementType);

            var mappings = sourceDefinition["mappings"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject();
            var vectorPath = ChooseVectorField(mappings, options.VectorField, source);
            if (options.Embedder is { Kind: not Embedding.EmbedderKind.Copy }) MigrationPlanGuard.CheckTextField(mappings, source, options.TextField);
            var vector = FieldAt(mappings, vectorPath)!;
            var sourceVector = (JsonObject)vector.DeepClone();
            if (dimensions.HasValue) vector["dims"] = dimensions.Value;
            if (options.Similarity != null) vector["similarity"] = options.Similarity;
            if (options.ElementType != null) vector["element_type"] = options.ElementType;
            if (options.IndexOptions != null)
            {
                vector["index_options"] = options.IndexOptions.DeepClone();
                if (vector["index"] is JsonValue indexed && indexed.TryGetValue(out bool isIndexed) && !isIndexed) vector["index"] = true;
            }
            if (options.Mapping != null) DeepMerge(mappings, options.Mapping);
            var drift = new List<PlanDrift>();
            var requestedIndexOptions = options.IndexOptions ?? (options.Mapping == null ? null : FieldAt(options.Mapping, vectorPath)?["index_options"] as JsonObject);
            var indexOptions = IndexOptionsResolver.Resolve(vectorPath, vector, sourceVector, requestedIndexOptions, sourceCluster, targetCluster, drift);

            var sourceSettings = Flatten(sourceDefinition["settings"] as JsonObject);
            var settings = new JsonObject();
            foreach (var pair in sourceSettings)
                if (!PrivateSettings.Any(p => p.EndsWith(".", StringComparison.Ordinal) ? pair.Key.StartsWith(p, StringComparison.Ordinal) : pair.Key == p))
                    settings[pair.Key] = pair.Value?.DeepClone();
            if (options.Settings != null)
                foreach (var pair in Flatten(options.Settings))
                    settings[pair.Key] = pair.Value?.DeepClone();
            if (options.Shards.HasValue) settings["index.number_of_shards"] = options.Shards.Value.ToString(CultureInfo.InvariantCulture);
            SourceStorageResolver.Resolve(mappings, settings, sourceSettings, sourceCluster, targetCluster, drift);

            // Load fast: no refresh and no replicas while backfilling; the originals come back at cutover.
            var originalRefresh = sourceSettings.TryGetValue("index.refresh_interval", out var r) ? r?.ToString() : null;
            var originalReplicas = sourceSettings.TryGetValue("index.number_of_replicas", out var rep) ? rep?.ToString() : null;
            settings["index.refresh_interval"] = "-1";
            settings["index.number_of_replicas"] = "0";
            var originalGcDeletes = sourceSettings.TryGetValue(DeletesRetention.Setting, out var gc) ? gc?.ToString() : null;
            var givenGcDeletes = options.Settings != null && Flatten(options.Settings).ContainsKey(DeletesRetention.Setting);
            var raisedGcDeletes = DeletesRetention.Raise(originalGcDeletes);
            var targetGcDeletes = givenGcDeletes ? null : raisedGcDeletes;
            if (targetGcDeletes != null) settings[DeletesRetention.Setting] = targetGcDeletes;

            var dims = vector["dims"] is JsonValue d && d.TryGetValue(out int dv) ? dv : (int?)null;
            var migration = new VectorMigration
            {
                Alias = alias,
                Source = source,
                Target = options.Name ?? IndexNaming.NextVersion(source),
                VectorField = vectorPath,
                TextField = options.TextField,
                Dimensions = dims,
                IndexOptions = indexOptions == null ? null : new DenseVectorIndexOptions(indexOptions),
                TargetAlias = options.TargetAlias == alias ? null : options.TargetAlias,
                Embedder = options.Embedder == null ? null : JsonNode.Parse(options.Embedder.ToJson())!.AsObject(),
                OriginalRefreshInterval = originalRefresh,
                OriginalReplicas = originalReplicas ?? "1",
                TargetGcDeletes = targetGcDeletes == null ? null : new OriginalSetting { Value = originalGcDeletes },
                SourceGcDeletes = raisedGcDeletes == null ? null : new OriginalSetting { Value = originalGcDeletes },
            };
            if (IndexNaming.IsPattern(migration.Target) || migration.Target != migration.Target.ToLowerInvariant())
                throw new VectorMigrationException(MigrationErrorCodes.InvalidIndexName, MigrationErrorKind.InvalidArgument,
                    $"'{migration.Target}' is not a valid index name: index names are lowercase, without * ? , or a leading -.", migration.Target);

            var meta = mappings["_meta"] is JsonObject existingMeta ? existingMeta : new JsonObject();
            meta.Remove(VectorMigration.MetaKey); // the source's own record of an earlier migration is not ours
            // The copied _meta.embedder names the source's model; the target's is the migration's, when known.
            if (options.Embedder != null) meta[DualWrite.IndexModel.MetaKey] = JsonNode.Parse(options.Embedder.ToJson());
            meta[VectorMigration.MetaKey] = MigrationStore.ToJson(migration);
            mappings["_meta"] = meta;

            var body = new JsonObject { ["settings"] = settings, ["mappings"] = mappings };
            return new ShadowIndexPlan(migration, body, new DriftReport(sourceCluster.Version, targetCluster.Version, drift));
        }

        /// <summary>The dense_vector field to migrate: the one named, or the only one there is.</summary>
        public static string ChooseVectorField(JsonObject mappings, string? requested, string source)
        {
            var vectors = DenseVectorFields(mappings).ToList();
            if (requested != null)
            {
                var field = FieldAt(mappings, requested);
                if (field == null)
                    throw new VectorMigrationException(MigrationErrorCodes.VectorFieldNotFound, MigrationErrorKind.NotFound,
                        $"Index {source} has no field '{requested}'. Its dense_vector fields: {Describe(vectors)}.", requested);
                var type = field["type"]?.ToString();
                if (type != "dense_vector")
                    throw new VectorMigrationException(MigrationErrorCodes.NotADenseVectorField, MigrationErrorKind.InvalidArgument,
                        $"Field '{requested}' of index {source} is of type {type ?? "object"}, not dense_vector. Its dense_vector fields: {Describe(vectors)}.", requested);
                return requested;
            }
            if (vectors.Count == 1) return vectors[0];
            if (vectors.Count == 0)
                throw new VectorMigrationException(MigrationErrorCodes.NoDenseVectorField, MigrationErrorKind.InvalidArgument,
                    $"Index {source} has no dense_vector field, and a vector migration needs one.", source);
            throw new VectorMigrationException(MigrationErrorCodes.AmbiguousVectorField, MigrationErrorKind.InvalidArgument,
                $"Index {source} has several dense_vector fields ({Describe(vectors)}) and none was named to migrate.", source);
        }

        private static string Describe(List<string> fields) => fields.Count == 0 ? "none" : string.Join(", ", fields);

        /// <summary>Dotted paths of every dense_vector field, including inside object fields.</summary>
        public static IEnumerable<string> DenseVectorFields(JsonObject mappings) => MappingFields.OfType(mappings, MappingFields.VectorTypes);

        /// <summary>The mapping of a dotted field path, or null.</summary>
        public static JsonObject? FieldAt(JsonObject mappings, string path)
        {
            JsonObject? current = mappings;
            foreach (var part in path.Split('.'))
            {
                if (current?["properties"] is not JsonObject properties || properties[part] is not JsonObject next) return null;
                current = next;
            }
            return current;
        }

        /// <summary>Settings as flat "index.x.y" keys, whatever nesting or prefix they came with.</summary>
        public static Dictionary<string, JsonNode?> Flatten(JsonObject? settings)
        {
            var flat = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            if (settings == null) return flat;
            void Walk(JsonObject obj, string prefix)
            {
                foreach (var p in obj)
                {
                    var key = prefix.Length == 0 ? p.Key : prefix + "." + p.Key;
                    if (p.Value is JsonObject child) Walk(child, key);
                    else flat[key.StartsWith("index.", StringComparison.Ordinal) ? key : "index." + key] = p.Value;
                }
            }
            Walk(settings, "");
            return flat;
        }

        /// <summary>Merges <paramref name="overlay"/> into <paramref name="target"/>: objects recursively, anything else replaced.</summary>
        public static void DeepMerge(JsonObject target, JsonObject overlay)
        {
            foreach (var p in overlay)
            {
                if (p.Value is JsonObject o && target[p.Key] is JsonObject t) DeepMerge(t, o);
                else target[p.Key] = p.Value?.DeepClone();
            }
        }
    }
}
