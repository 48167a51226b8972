using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Keeps a stage to the recorded plan and the plan to the mappings, before the first write:
    /// a parameter that differs from what the record holds is a mismatch (never silently saved
    /// over it), and the vector and text fields and the dimensions must fit both indexes.
    /// </summary>
    public static class MigrationPlanGuard
    {
        /// <summary>
        /// Applies a stage's parameters to <paramref name="migration"/>. Where the record already
        /// holds a value (a saved migration) a different one is refused with MigrationPlanMismatch;
        /// where it holds none (a plain -Source/-Target run) the given one is taken.
        /// </summary>
        public static void Apply(VectorMigration migration, string? vectorField, string? textField, EmbedderDescriptor? embedder)
        {
            var recorded = migration.Alias.Length > 0;
            if (vectorField != null && vectorField != migration.VectorField)
            {
                if (recorded && migration.VectorField.Length > 0) throw Mismatch(migration, "vector field", migration.VectorField, vectorField);
                migration.VectorField = vectorField;
            }
            if (textField != null && textField != migration.TextField)
            {
                if (recorded && migration.TextField != null) throw Mismatch(migration, "text field", migration.TextField, textField);
                migration.TextField = textField;
            }
            if (recorded && embedder != null && embedder.Kind != EmbedderKind.Copy && migration.EmbedderDescriptor is { } plan && plan.Kind != EmbedderKind.Copy
                && (plan.Kind != embedder.Kind || plan.Model != embedder.Model || (plan.Dimensions ?? migration.Dimensions) != (embedder.Dimensions ?? plan.Dimensions ?? migration.Dimensions)))
                throw Mismatch(migration, "embedder", plan.Description, embedder.Description);
        }

        /// <summary>
        /// Checks a rerun's parameters against the migration in flight it would resume: a target
        /// name, vector or text field, dimensions or embedder other than the recorded ones, or a
        /// similarity, element type or index_options other than <paramref name="targetField"/> (the
        /// in-flight target's vector field mapping; null: not checked) holds, is a mismatch
        /// (parameters left out take the recorded values).
        /// </summary>
        public static void CheckResume(VectorMigration inFlight, ShadowIndexOptions requested, EmbedderDescriptor? embedder, JsonObject? targetField)
        {
            if (targetField != null)
            {
                var similarity = targetField["similarity"]?.ToString() ?? "cosine";
                if (requested.Similarity != null && requested.Similarity != similarity) throw Mismatch(inFlight, "similarity", similarity, requested.Similarity);
                var elementType = targetField["element_type"]?.ToString() ?? "float";
                if (requested.ElementType != null && requested.ElementType != elementType) throw Mismatch(inFlight, "element type", elementType, requested.ElementType);
                if (requested.IndexOptions != null)
                    foreach (var pair in requested.IndexOptions)
                    {
                        var recorded = targetField["index_options"]?[pair.Key];
                        if (!JsonNode.DeepEquals(pair.Value, recorded))
                            throw Mismatch(inFlight, "index_options." + pair.Key, recorded?.ToJsonString() ?? "(none)", pair.Value?.ToJsonString() ?? "null");
                    }
            }
            if (requested.Name != null && requested.Name != inFlight.Target) throw Mismatch(inFlight, "target index", inFlight.Target, requested.Name);
            if (requested.VectorField != null && requested.VectorField != inFlight.VectorField) throw Mismatch(inFlight, "vector field", inFlight.VectorField, requested.VectorField);
            if (requested.TextField != null && inFlight.TextField != null && requested.TextField != inFlight.TextField) throw Mismatch(inFlight, "text field", inFlight.TextField, requested.TextField);
            if (embedder != null)
            {
                var recorded = inFlight.EmbedderDescriptor;
                var givenCopies = embedder.Kind == EmbedderKind.Copy;
                if (givenCopies != inFlight.IsCopy || !givenCopies && !embedder.Equals(recorded))
                    throw Mismatch(inFlight, "embedder", inFlight.IsCopy ? "copy (the source's vectors)" : recorded!.Description, embedder.Description);
            }
            if (requested.Dimensions.HasValue && inFlight.Dimensions.HasValue && requested.Dimensions.Value != inFlight.Dimensions.Value)
                throw Mismatch(inFlight, "dimensions", inFlight.Dimensions.Value.ToString(CultureInfo.InvariantCulture), requested.Dimensions.Value.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// The vector field is a dense_vector in the target (and present in the source for a copy), the text
        /// field to embed is text or keyword in the source, and the embedder's dimensions are the
        /// target field's. Reads both mappings; changes nothing.
        /// </summary>
        public static async Task ValidateFieldsAsync(ElasticsearchCluster source, ElasticsearchCluster target, VectorMigration migration, EmbedderDescriptor? embedder, CancellationToken ct)
        {
            var targetMappings = await new IndicesApi(target).GetMappingAsync(migration.Target, ct).ConfigureAwait(false);
            var sourceMappings = await new IndicesApi(source).GetMappingAsync(migration.Source, ct).ConfigureAwait(false);
            var field = ShadowIndexPlanner.ChooseVectorField(targetMappings, migration.VectorField, migration.Target);
            var reembeds = embedder != null ? embedder.Kind != EmbedderKind.Copy : !migration.IsCopy;
            if (!reembeds && ShadowIndexPlanner.FieldAt(sourceMappings, field) == null)
                throw new VectorMigrationException(MigrationErrorCodes.VectorFieldNotFound, MigrationErrorKind.NotFound,
                    $"Index {migration.Source} has no field '{field}' to copy vectors from. Nothing was written.", field);
            if (reembeds) CheckTextField(sourceMappings, migration.Source, migration.TextField);
            var targetDims = ShadowIndexPlanner.FieldAt(targetMappings, field)?["dims"] is JsonValue d && d.TryGetValue(out int n) ? n : (int?)null;
            var given = reembeds ? (embedder ?? migration.EmbedderDescriptor)?.Dimensions : null;
            if (given.HasValue && targetDims.HasValue && given.Value != targetDims.Value)
                throw new VectorMigrationException(MigrationErrorCodes.DimensionsMismatch, MigrationErrorKind.InvalidArgument, string.Format(CultureInfo.InvariantCulture,
                    "The embedder makes {0}-dimension vectors, and field '{1}' of {2} holds {3} dimensions: no document could be written. Nothing was written.",
                    given.Value, field, migration.Target, targetDims.Value), field);
        }

        /// <summary>The text field to embed is a text or keyword field of the source (null: nothing to check here).</summary>
        internal static void CheckTextField(JsonObject sourceMappings, string sourceIndex, string? textField)
        {
            if (textField == null) return; // reported per document (TextFieldMissing), as before
            var textFields = MappingFields.OfType(sourceMappings, MappingFields.TextTypes).ToList();
            var field = ShadowIndexPlanner.FieldAt(sourceMappings, textField);
            if (field == null)
                throw new VectorMigrationException(MigrationErrorCodes.TextFieldNotFound, MigrationErrorKind.NotFound,
                    $"Index {sourceIndex} has no field '{textField}' to embed. Its text and keyword fields: {Describe(textFields)}. Nothing was written.", textField);
            var type = field["type"]?.ToString();
            if (type == null || !MappingFields.TextTypes.Contains(type))
                throw new VectorMigrationException(MigrationErrorCodes.NotATextField, MigrationErrorKind.InvalidArgument,
                    $"Field '{textField}' of index {sourceIndex} is of type {type ?? "object"}, not text or keyword, so there is no text to embed. Its text and keyword fields: {Describe(textFields)}. Nothing was written.",
                    textField);
        }

        private static string Describe(List<string> fields) => fields.Count == 0 ? "none" : string.Join(", ", fields);

        private static VectorMigrationException Mismatch(VectorMigration migration, string what, string recorded, string given) =>
            new VectorMigrationException(MigrationErrorCodes.MigrationPlanMismatch, MigrationErrorKind.InvalidArgument,
                $"The migration {migration.Source} -> {migration.Target} of {migration.Alias} is recorded with {what} '{recorded}', and this run gives '{given}'. " +
                "A stage never changes the recorded plan halfway: resume with the recorded value, or abandon the in-flight target and start a new generation with the new one.",
                migration.Target);
    }
}
