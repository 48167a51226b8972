using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;
using VectorReindex.Embeddings.Local;

namespace VectorReindex.Demo;

/// <summary>
/// The model the migration moves to, as the demo's own process runs it for its readers, writers
/// and checks. Local models are loaded once per process (a second or two, ~90 MB each) and
/// registered with Core, so an index whose _meta records one is rebuildable here, as the module
/// does in pwsh.
/// </summary>
public static class NewModel
{
    private static readonly ConcurrentDictionary<LocalEmbeddingModel, Lazy<OnnxSentenceEmbeddingGenerator>> Loaded = new();

    /// <summary>Lets Core rebuild local models from a record (readers' and writers' EmbedderFactory) with the shared instances.</summary>
    public static void Register() => EmbedderFactory.UseLocalModels(Local);

    public static IEmbeddingGenerator<string, Embedding<float>> For(DemoOptions options) =>
        options.Model != null ? Local(options.Model) : new HashingEmbeddingGenerator(options.NewDimensions);

    /// <summary>
    /// Largest difference a stored vector may have from the text's vector made again here: the
    /// hashing model repeats itself to the bit; ONNX Runtime's sums depend on the batch a text was
    /// padded in, so a model's vectors agree to about 1e-7 (L2-normalised floats).
    /// </summary>
    public static float Tolerance(DemoOptions options) => options.Model != null ? 1e-5f : 0f;

    private static OnnxSentenceEmbeddingGenerator Local(LocalEmbeddingModel model) =>
        Loaded.GetOrAdd(model, m => new Lazy<OnnxSentenceEmbeddingGenerator>(() => OnnxSentenceEmbeddingGenerator.Create(m.Name))).Value;
}
