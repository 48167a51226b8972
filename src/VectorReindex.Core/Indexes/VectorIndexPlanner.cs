using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Indexes
{
    /// <summary>
    /// Builds the create body of the first live index behind a new alias: a text field, a
    /// dense_vector field, the model in _meta.embedder (what <see cref="IndexModel"/> reads) and the
    /// alias as write index. Pure: no cluster calls.
    /// </summary>
    public static class VectorIndexPlanner
    {
        public const string DefaultVectorField = "embedding";
        public const string DefaultTextField = "text";
        public const string DefaultSimilarity = "cosine";

        public static VectorIndexPlan Plan(VectorIndexOptions options)
        {
            var alias = options.Alias;
            if (!IndexNaming.IsValidName(alias))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidAliasName, MigrationErrorKind.InvalidArgument,
                    $"-Alias '{alias}' is not a valid alias name: use lowercase letters, digits and - . (not first), without \\ / * ? \" < > | , # : or spaces.", alias);
            var embedder = options.Embedder
                ?? throw new VectorMigrationException(MigrationErrorCodes.EmbedderRequired, MigrationErrorKind.InvalidArgument,
                    "No embedder given. Pass the model that makes this index's vectors (New-VectorEmbedder) to -Embedder: it is recorded in the index so writers and readers use the same one.", alias);
            if (embedder.Kind == EmbedderKind.Copy)
                throw new VectorMigrationException(MigrationErrorCodes.EmbedderRequired, MigrationErrorKind.InvalidArgument,
                    "A copy embedder makes no vectors of its own, so a new index cannot record it as its model. Pass the model that makes this index's vectors to -Embedder (New-VectorEmbedder -Hashing, -OpenAI or -ScriptBlock).", alias);

            var dimensions = ResolveDimensions(options.Dimensions, embedder, alias);
            var similarity = options.Similarity ?? DefaultSimilarity;
            if (!ShadowIndexPlanner.SimilarityValues.Contains(similarity))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidSimilarity, MigrationErrorKind.InvalidArgument,
                    $"-Similarity '{similarity}' is not one Elasticsearch knows. Use cosine, dot_product, l2_norm or max_inner_product.", similarity);
            if (options.Shards is int shards && (shards < 1 || shards > 1024))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidShards, MigrationErrorKind.InvalidArgument,
                    $"-Shards {shards} is out of range: give 1 to 1024 primary shards.", shards.ToString(CultureInfo.InvariantCulture));
            CheckFieldName(options.VectorField, "-VectorField");
            CheckFieldName(options.TextField, "-TextField");
            if (options.VectorField == options.TextField)
                throw new VectorMigrationException(MigrationErrorCodes.FieldNameClash, MigrationErrorKind.InvalidArgument,
                    $"-VectorField and -TextField are both '{options.VectorField}'. Give the vector and the text different fields.", options.VectorField);

            var vector = new JsonObject { ["type"] = "dense_vector", ["dims"] = dimensions, ["index"] = true, ["similarity"] = similarity };
            if (options.IndexOptions != null) vector["index_options"] = options.IndexOptions.DeepClone();
            var mappings = new JsonObject
            {
                ["_meta"] = IndexModel.MetaEntry(embedder),
                ["properties"] = new JsonObject
                {
                    [options.TextField] = new JsonObject { ["type"] = "text" },
                    [options.VectorField] = vector,
                },
            };
            if (options.Mapping != null) ShadowIndexPlanner.DeepMerge(mappings, options.Mapping);
            var merged = ShadowIndexPlanner.FieldAt(mappings, options.VectorField);
            if (merged?["type"]?.ToString() != "dense_vector" || !(merged["dims"] is JsonValue d && d.TryGetValue(out int mergedDims) && mergedDims == dimensions))
                throw new VectorMigrationException(MigrationErrorCodes.MappingOverridesVectorField, MigrationErrorKind.InvalidArgument,
                    $"-Mapping changes the vector field '{options.VectorField}' (type or dims). Set the vector through -Dimensions, -Similarity and -IndexOptions; use -Mapping for the other fields.", options.VectorField);

            var body = new JsonObject();
            if (options.Shards.HasValue)
                body["settings"] = new JsonObject { ["index.number_of_shards"] = options.Shards.Value };
            body["mappings"] = mappings;
            body["aliases"] = new JsonObject { [alias] = new JsonObject { ["is_write_index"] = true } };

            var index = new VectorIndex(alias, alias + "-v1", options.VectorField, options.TextField, dimensions, similarity, options.Shards, embedder);
            return new VectorIndexPlan(index, body);
        }

        private static int ResolveDimensions(int? requested, EmbedderDescriptor embedder, string alias)
        {
            if (requested.HasValue && embedder.Dimensions.HasValue && requested.Value != embedder.Dimensions.Value)
                throw new VectorMigrationException(MigrationErrorCodes.DimensionsMismatch, MigrationErrorKind.InvalidArgument,
                    $"-Dimensions {requested} does not match the embedder, which makes {embedder.Dimensions}-dimension vectors. Leave -Dimensions out or give the model's output size.",
                    requested.Value.ToString(CultureInfo.InvariantCulture));
            var dimensions = requested ?? embedder.Dimensions
                ?? throw new VectorMigrationException(MigrationErrorCodes.DimensionsRequired, MigrationErrorKind.InvalidArgument,
                    $"The embedder ({embedder.Description}) does not say how long its vectors are. Give the model's output size with -Dimensions.", alias);
            if (dimensions < 1 || dimensions > ShadowIndexPlanner.MaxDimensions)
                throw new VectorMigrationException(MigrationErrorCodes.InvalidDimensions, MigrationErrorKind.InvalidArgument,
                    $"-Dimensions {dimensions} is out of range: a dense_vector field has 1 to {ShadowIndexPlanner.MaxDimensions} dimensions. Give the model's output size.",
                    dimensions.ToString(CultureInfo.InvariantCulture));
            return dimensions;
        }

        private static void CheckFieldName(string field, string parameter)
        {
            // Top-level names only: a dotted name would be an object path, which -Mapping can build.
            if (string.IsNullOrWhiteSpace(field) || field.IndexOf('.') >= 0 || field.StartsWith("_", System.StringComparison.Ordinal))
                throw new VectorMigrationException(MigrationErrorCodes.InvalidFieldName, MigrationErrorKind.InvalidArgument,
                    $"{parameter} '{field}' is not a top-level field name: no dots and no leading underscore.", field);
        }
    }
}
