using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace VectorReindex.Knn.Bench;

/// <summary>
/// The machine's sustained read bandwidth: every core streams its share of a buffer far larger than
/// the caches with SIMD loads; the best of several passes.
/// </summary>
internal static class MemoryBandwidth
{
    public static double MeasureGigabytesPerSecond(int megabytes = 1024, int passes = 5)
    {
        var data = new float[megabytes * 1024L * 1024 / sizeof(float)];
        Parallel.For(0, Environment.ProcessorCount, p =>
        {
            var (start, end) = Range(data.Length, p);
            for (var i = start; i < end; i++)
                data[i] = i & 7;
        });
        var best = double.MaxValue;
        var sink = 0f;
        for (var pass = 0; pass < passes; pass++)
        {
            var watch = Stopwatch.StartNew();
            var partial = new float[Environment.ProcessorCount];
            Parallel.For(0, Environment.ProcessorCount, p =>
            {
                var (start, end) = Range(data.Length, p);
                var a = Vector256<float>.Zero;
                var b = Vector256<float>.Zero;
                ref var origin = ref data[0];
                var i = start;
                for (; i <= end - 16; i += 16)
                {
                    a += Vector256.LoadUnsafe(ref origin, (nuint)i);
                    b += Vector256.LoadUnsafe(ref origin, (nuint)(i + 8));
                }
                partial[p] = Vector256.Sum(a + b);
            });
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            sink += partial.Sum();
        }
        GC.KeepAlive(sink);
        return data.LongLength * sizeof(float) / best / 1e9;
    }

    private static (int Start, int End) Range(int length, int part)
    {
        var chunk = (length / Environment.ProcessorCount) & ~15;
        var start = part * chunk;
        return (start, part == Environment.ProcessorCount - 1 ? length : start + chunk);
    }
}
