namespace VectorReindex.Bench;

/// <summary>One peer of a side-by-side bench: how to run it once (run number, documents), and its results.</summary>
internal sealed class BenchSide
{
    public BenchSide(string name, bool inModule, Func<int, int, Task<RunResult?>> run)
    {
        Name = name;
        InModule = inModule;
        Run = run;
    }

    public string Name { get; }

    /// <summary>True when the copy runs in this process (Start-Backfill), so its CPU is the module's.</summary>
    public bool InModule { get; }

    public Func<int, int, Task<RunResult?>> Run { get; }
    public List<RunResult> Results { get; } = new();

    public double Median(Func<RunResult, double> value)
    {
        var sorted = Results.Select(value).OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
