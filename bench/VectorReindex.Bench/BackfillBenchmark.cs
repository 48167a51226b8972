namespace VectorReindex.Bench;

internal static class BackfillBenchmark
{
    public static Task<int> RunAsync(BenchOptions options)
    {
        Console.Error.WriteLine("backfill benchmark: waits for the local node's point-in-time search.");
        return Task.FromResult(2);
    }
}
