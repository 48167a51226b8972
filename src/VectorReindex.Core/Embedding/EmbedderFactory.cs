using System;
using Microsoft.Extensions.AI;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// Rebuilds a generator from a recorded <see cref="EmbedderDescriptor"/>, so a reader can embed
    /// its queries with the model an index was built with (DESIGN.md, queries across a model change).
    /// </summary>
    public static class EmbedderFactory
    {
        private static Func<LocalEmbeddingModel, IEmbeddingGenerator<string, Embedding<float>>>? _localModels;

        /// <summary>
        /// How this process runs local models (kind local), for rebuilding them from a record: the
        /// host that can load them (the PowerShell module on PowerShell 7) registers it. Without
        /// one, local descriptors are not rebuildable. The function is called on demand, never here.
        /// </summary>
        public static void UseLocalModels(Func<LocalEmbeddingModel, IEmbeddingGenerator<string, Embedding<float>>>? load) => _localModels = load;

        /// <summary>
        /// A generator for the hashing kind (same algorithm version), the OpenAI kind (the key, if
        /// the endpoint needs one, is the caller's: descriptors never hold secrets) and the local
        /// kind where <see cref="UseLocalModels"/> was called. False for copy, script block and
        /// custom embedders, which cannot be rebuilt from a description.
        /// </summary>
        public static bool TryCreate(EmbedderDescriptor descriptor, out IEmbeddingGenerator<string, Embedding<float>>? generator, string? apiKey = null)
        {
            if (descriptor == null) throw new ArgumentNullException(nameof(descriptor));
            generator = null;
            switch (descriptor.Kind)
            {
                case EmbedderKind.Hashing when descriptor.Model == HashingEmbeddingGenerator.Algorithm && descriptor.Dimensions is int dimensions and > 0:
                    generator = new HashingEmbeddingGenerator(dimensions, descriptor.Seed ?? 0);
                    return true;
                case EmbedderKind.OpenAI when descriptor.Model != null
                                              && Uri.TryCreate(descriptor.Endpoint, UriKind.Absolute, out var endpoint):
                    generator = new OpenAIEmbeddingGenerator(new OpenAIEmbeddingOptions(endpoint, descriptor.Model) { Dimensions = descriptor.Dimensions }, apiKey);
                    return true;
                case EmbedderKind.Local when _localModels != null && LocalEmbeddingModel.Find(descriptor.Model) is { } model
                                             && descriptor.Dimensions == model.Dimensions:
                    generator = _localModels(model);
                    return true;
                default:
                    return false;
            }
        }
    }
}
