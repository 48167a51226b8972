using VectorReindex.Embeddings.Local;

namespace VectorReindex.Embeddings.Local.Tests;

/// <summary>all-MiniLM-L6-v2 loaded once for a test class (building its ONNX session takes about a second).</summary>
public sealed class MiniLMFixture : IDisposable
{
    public OnnxSentenceEmbeddingGenerator Generator { get; } = OnnxSentenceEmbeddingGenerator.Create("MiniLM");

    public void Dispose() => Generator.Dispose();
}
