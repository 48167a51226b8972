namespace VectorReindex.Bench;

/// <summary>One timed copy: wall seconds, rate, this process's CPU per document (NaN when another process copies), the node's CPU per document.</summary>
internal sealed record RunResult(double Seconds, double DocsPerSecond, double ModuleUsPerDoc, double NodeUsPerDoc, string Detail);
