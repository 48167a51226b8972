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

    /// <summary>Runs every side <paramref name="runs"/> times, the sides taking turns, printing each run; false when a run failed (it said why).</summary>
    public static async Task<bool> RunInTurnsAsync(IReadOnlyList<BenchSide> sides, int runs, int docs)
    {
        for (var run = 1; run <= runs; run++)
            foreach (var side in sides)
            {
                var result = await side.Run(run, docs);
                if (result == null) return false;
                side.Results.Add(result);
                side.Print(run, result);
            }
        return true;
    }

    /// <summary>
    /// The untimed warm-up (run 0), three times with half a second between: tiered compilation counts a
    /// method's calls only once no new method was compiled for 100 ms, and compiles the hot ones again in the
    /// background, so one short copy ends before the optimized code exists. (The base64 encoder left at
    /// tier 0 costs 3.4 us per 384-float vector instead of 0.05: the first timed base64 run used to be the slowest.)
    /// False when a run failed (it said why).
    /// </summary>
    public async Task<bool> WarmUpAsync(int docs)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            if (await Run(0, docs) == null) return false;
            await Task.Delay(500);
        }
        return true;
    }

    public void Print(int run, RunResult result)
    {
        var module = InModule ? $"module CPU {result.ModuleUsPerDoc,8:F1} us/doc  " : new string(' ', 31);
        Console.WriteLine($"  run {run} {Name,-34}: {result.Seconds,7:F1} s {result.DocsPerSecond,9:N0} docs/s  {module}node CPU {result.NodeUsPerDoc,6:F1} us/doc  {result.Detail}");
    }

    public double Median(Func<RunResult, double> value)
    {
        var sorted = Results.Select(value).OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
