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
        /// <summary>
        /// A generator for the hashing kind (same algorithm version) and the OpenAI kind (the key, if
        /// the endpoint needs one, is the caller's: descriptors never hold secrets). False for copy,
        /// script block and custom embedders, which cannot be rebuilt from a description.
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
                default:
                    return false;
            }
        }
    }
}
