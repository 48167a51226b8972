namespace VectorReindex.Bench;

/// <summary>
/// One timed copy: wall seconds, rate, this process's CPU per document (NaN when another process copies), the node's CPU per
/// document; for a re-embedding, <paramref name="Vectors"/> digests the float32 bits the target stored for a sample of documents.
/// </summary>
internal sealed record RunResult(double Seconds, double DocsPerSecond, double ModuleUsPerDoc, double NodeUsPerDoc, string Detail, string? Vectors = null);
