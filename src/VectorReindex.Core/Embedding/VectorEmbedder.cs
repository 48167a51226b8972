using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VectorReindex.Core.Embedding
{
    /// <summary>
    /// An embedder as the migration cmdlets take it (-Embedder): what it is (<see cref="Descriptor"/>,
    /// recorded in _meta) and how to get a generator for one run. It outlives the cmdlet that made
    /// it, so a generator that must run on a pipeline thread (a script block) is bound at run time
    /// by the cmdlet that uses it: <see cref="BindToPipeline"/>.
    /// </summary>
    public sealed class VectorEmbedder
    {
        private readonly Func<Action<Action>, ILogger, IEmbeddingGenerator<string, Embedding<float>>>? _bind;

        private VectorEmbedder(
            EmbedderDescriptor descriptor,
            IEmbeddingGenerator<string, Embedding<float>>? generator,
            Func<Action<Action>, ILogger, IEmbeddingGenerator<string, Embedding<float>>>? bind)
        {
            Descriptor = descriptor;
            Generator = generator;
            _bind = bind;
        }

        public EmbedderDescriptor Descriptor { get; }

        public EmbedderKind Kind => Descriptor.Kind;

        public string? Model => Descriptor.Model;

        public int? Dimensions => Descriptor.Dimensions;

        public string Description => Descriptor.Description;

        /// <summary>True for "keep the source vectors": there is no generator.</summary>
        public bool IsCopy => Kind == EmbedderKind.Copy;

        /// <summary>True when the generator only works bound to a pipeline (script blocks); <see cref="Generator"/> is then null.</summary>
        public bool RequiresPipeline => _bind != null && Generator == null;

        /// <summary>The generator, for embedders usable from any thread; null for copy and pipeline-bound embedders.</summary>
        public IEmbeddingGenerator<string, Embedding<float>>? Generator { get; }

        public static VectorEmbedder Copy() => new VectorEmbedder(EmbedderDescriptor.Copy(), null, null);

        public static VectorEmbedder Hashing(int dimensions, int seed = 0) =>
            new VectorEmbedder(EmbedderDescriptor.Hashing(dimensions, seed), new HashingEmbeddingGenerator(dimensions, seed), null);

        public static VectorEmbedder OpenAI(OpenAIEmbeddingGenerator generator)
        {
            if (generator == null) throw new ArgumentNullException(nameof(generator));
            var options = generator.Options;
            return new VectorEmbedder(EmbedderDescriptor.OpenAI(options.Endpoint, options.Model, options.Dimensions), generator,
                (_, logger) => generator.WithLogger(logger));
        }

        /// <summary>
        /// A local model (<see cref="LocalEmbeddingModel"/>) run by <paramref name="generator"/>,
        /// through <paramref name="cache"/> when one is given.
        /// </summary>
        public static VectorEmbedder Local(LocalEmbeddingModel model, IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingCache? cache = null)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            if (generator == null) throw new ArgumentNullException(nameof(generator));
            var run = cache != null ? new CachingEmbeddingGenerator(generator, model.ModelId, cache) : generator;
            return new VectorEmbedder(EmbedderDescriptor.Local(model), run, null);
        }

        /// <summary>
        /// Any IEmbeddingGenerator: described as custom from its metadata (model id and default
        /// dimensions) unless it is one of the built-in kinds.
        /// </summary>
        public static VectorEmbedder FromGenerator(IEmbeddingGenerator<string, Embedding<float>> generator)
        {
            switch (generator)
            {
                case null:
                    throw new ArgumentNullException(nameof(generator));
                case HashingEmbeddingGenerator hashing:
                    return new VectorEmbedder(EmbedderDescriptor.Hashing(hashing.Dimensions, hashing.Seed), hashing, null);
                case OpenAIEmbeddingGenerator openAI:
                    return OpenAI(openAI);
                default:
                    var metadata = generator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;
                    return new VectorEmbedder(
                        EmbedderDescriptor.Custom(metadata?.DefaultModelId, metadata?.DefaultModelDimensions, generator.GetType().Name), generator, null);
            }
        }

        /// <summary>
        /// An embedder whose generator must be created for each run with the run's way to execute
        /// work on its pipeline thread (a script block's runspace).
        /// </summary>
        public static VectorEmbedder PipelineBound(
            EmbedderDescriptor descriptor, Func<Action<Action>, ILogger, IEmbeddingGenerator<string, Embedding<float>>> bind) =>
            new VectorEmbedder(descriptor ?? throw new ArgumentNullException(nameof(descriptor)), null, bind ?? throw new ArgumentNullException(nameof(bind)));

        /// <summary>
        /// The generator for one run: <paramref name="post"/> queues work on the running cmdlet's
        /// pipeline thread (VectorReindexCmdlet.Post, while RunOperation services it), and
        /// <paramref name="logger"/> receives retry warnings. Throws InvalidOperationException for
        /// a copy embedder, which has no generator.
        /// </summary>
        public IEmbeddingGenerator<string, Embedding<float>> BindToPipeline(Action<Action> post, ILogger? logger = null)
        {
            if (post == null) throw new ArgumentNullException(nameof(post));
            if (IsCopy) throw new InvalidOperationException("A copy embedder keeps the source vectors; it has no generator to embed text with.");
            if (_bind != null) return _bind(post, logger ?? NullLogger.Instance);
            return Generator!;
        }

        public override string ToString() => Description;
    }
}
