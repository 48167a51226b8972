using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// What an embedder is, without its secrets: recorded in the target index mapping's _meta so
    /// that any reader can tell which model made an index's vectors (and, for the hashing and
    /// OpenAI kinds, rebuild it with <see cref="EmbedderFactory"/> to embed queries).
    /// </summary>
    public sealed class EmbedderDescriptor : IEquatable<EmbedderDescriptor>
    {
        [JsonConstructor]
        public EmbedderDescriptor(EmbedderKind kind, string? model, int? dimensions, int? seed, string? endpoint, string? description)
        {
            Kind = kind;
            Model = model;
            Dimensions = dimensions;
            Seed = seed;
            Endpoint = endpoint;
            Description = description ?? kind.ToString(); // a hand-written _meta may leave it out
        }

        public EmbedderKind Kind { get; }

        /// <summary>The model name; for the hashing kind, the algorithm version.</summary>
        public string? Model { get; }

        /// <summary>Vector length, when known before the first call.</summary>
        public int? Dimensions { get; }

        /// <summary>Hashing seed (hashing kind only).</summary>
        public int? Seed { get; }

        /// <summary>The endpoint's scheme, host and path: never a query string or credentials.</summary>
        public string? Endpoint { get; }

        /// <summary>One line for people: shown by ToString and in the migration's _meta.</summary>
        public string Description { get; }

        public static EmbedderDescriptor Copy() =>
            new EmbedderDescriptor(EmbedderKind.Copy, null, null, null, null, "copy (the source vectors are kept)");

        public static EmbedderDescriptor Hashing(int dimensions, int seed) =>
            new EmbedderDescriptor(EmbedderKind.Hashing, HashingEmbeddingGenerator.Algorithm, dimensions, seed, null,
                string.Format(CultureInfo.InvariantCulture, "hashing ({0}, {1} dimensions, seed {2}; lexical, not semantic)", HashingEmbeddingGenerator.Algorithm, dimensions, seed));

        public static EmbedderDescriptor OpenAI(Uri endpoint, string model, int? dimensions)
        {
            var safeEndpoint = endpoint.GetLeftPart(UriPartial.Path);
            return new EmbedderDescriptor(EmbedderKind.OpenAI, model, dimensions, null, safeEndpoint,
                "openai " + model + " at " + safeEndpoint + DimensionsSuffix(dimensions));
        }

        public static EmbedderDescriptor Local(LocalEmbeddingModel model) =>
            new EmbedderDescriptor(EmbedderKind.Local, model.ModelId, model.Dimensions, null, null,
                "local " + model.ModelId + " (ONNX in process" + DimensionsSuffix(model.Dimensions) + ")");

        public static EmbedderDescriptor ScriptBlock(string? model, int? dimensions) =>
            new EmbedderDescriptor(EmbedderKind.ScriptBlock, model, dimensions, null, null,
                "script block" + (model != null ? " (" + model + ")" : "") + DimensionsSuffix(dimensions));

        public static EmbedderDescriptor Custom(string? model, int? dimensions, string generatorType) =>
            new EmbedderDescriptor(EmbedderKind.Custom, model, dimensions, null, null,
                "custom " + generatorType + (model != null ? " (" + model + ")" : "") + DimensionsSuffix(dimensions));

        public string ToJson() => JsonSerializer.Serialize(this, EmbeddingJsonContext.Default.EmbedderDescriptor);

        /// <summary>Reads a descriptor written by <see cref="ToJson"/> (for example from an index's _meta); unknown properties are ignored.</summary>
        public static EmbedderDescriptor FromJson(string json) =>
            JsonSerializer.Deserialize(json, EmbeddingJsonContext.Default.EmbedderDescriptor)
            ?? throw new JsonException("The embedder descriptor is null.");

        /// <summary>Same model: kind, model, dimensions, seed and endpoint agree (the description is not compared).</summary>
        public bool Equals(EmbedderDescriptor? other) =>
            other != null && Kind == other.Kind && Model == other.Model && Dimensions == other.Dimensions
            && Seed == other.Seed && Endpoint == other.Endpoint;

        public override bool Equals(object? obj) => Equals(obj as EmbedderDescriptor);

        public override int GetHashCode() => ((int)Kind * 397) ^ (Model?.GetHashCode() ?? 0) ^ (Dimensions ?? 0);

        public override string ToString() => Description;

        private static string DimensionsSuffix(int? dimensions) =>
            dimensions.HasValue ? string.Format(CultureInfo.InvariantCulture, ", {0} dimensions", dimensions.Value) : "";
    }
}
