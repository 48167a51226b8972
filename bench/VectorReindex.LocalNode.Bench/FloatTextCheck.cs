using System.Diagnostics;
using System.Globalization;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Bench;

/// <summary>
/// The node's float text against .NET's over a range of float bit patterns (all positive finite floats by
/// default, which covers the negative ones: the sign is written apart): the same text as float.ToString("R")
/// (the shortest digits, which Utf8JsonWriter wrote before), and float.Parse of it gives the same bits.
/// Then the CPU time per float of both formatters on a unit vector's elements.
/// Usage: float-text [--from 0] [--count 2139095040] [--threads 2]   (--from and --count take 0x hex too)
/// </summary>
internal static class FloatTextCheck
{
    public static int Run(string[] args)
    {
        long Option(string name, long fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? Number(args[i + 1]) : fallback;
        static long Number(string text) => text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);
        var from = Option("--from", 0);
        var count = Option("--count", 0x7F80_0000 - from);
        var threads = (int)Option("--threads", 2);
        var clock = Stopwatch.StartNew();
        long failures = 0, checkedCount = 0;
        var chunk = (count + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            Span<byte> ours = stackalloc byte[ShortestFloatText.MaxLength];
            Span<byte> theirs = stackalloc byte[32];
            var start = from + t * chunk;
            var end = Math.Min(from + count, start + chunk);
            long local = 0;
            for (var bits = start; bits < end; bits++)
            {
                var value = BitConverter.UInt32BitsToSingle((uint)bits);
                var length = ShortestFloatText.Write(value, ours);
                value.TryFormat(theirs, out var theirLength, "R", CultureInfo.InvariantCulture);
                var back = float.Parse(ours[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!ours[..length].SequenceEqual(theirs[..theirLength]) || BitConverter.SingleToUInt32Bits(back) != (uint)bits)
                {
                    if (Interlocked.Increment(ref failures) <= 20)
                        Console.WriteLine($"0x{bits:X8}: ours {System.Text.Encoding.ASCII.GetString(ours[..length])}, R {System.Text.Encoding.ASCII.GetString(theirs[..theirLength])}, parsed back 0x{BitConverter.SingleToUInt32Bits(back):X8}");
                }
                if (++local == 1 << 24)
                {
                    Interlocked.Add(ref checkedCount, local);
                    local = 0;
                    if (t == 0)
                        Console.WriteLine($"  {Interlocked.Read(ref checkedCount):N0} checked, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
            Interlocked.Add(ref checkedCount, local);
        });
        Console.WriteLine($"float text: {checkedCount:N0} floats from 0x{from:X8} checked in {clock.Elapsed.TotalSeconds:F0} s, {failures} differ from \"R\" or do not parse back to their bits");
        Timing();
        return failures == 0 ? 0 : 1;
    }

    /// <summary>CPU time per float of each formatter over 384-float unit-vector-like elements, best of 5.</summary>
    private static void Timing()
    {
        var random = new Random(42);
        var values = Enumerable.Range(0, 384).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        Span<byte> buffer = stackalloc byte[32];
        const int rounds = 20_000;
        double Best(Func<float, int> format)
        {
            var best = double.MaxValue;
            for (var run = 0; run < 6; run++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var r = 0; r < rounds; r++)
                    foreach (var v in values)
                        format(v);
                var ns = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1e6 / (rounds * values.Length);
                if (run > 0) best = Math.Min(best, ns);
            }
            return best;
        }
        var ours = new byte[ShortestFloatText.MaxLength];
        var theirs = new byte[32];
        var oursNs = Best(v => ShortestFloatText.Write(v, ours));
        var theirsNs = Best(v => v.TryFormat(theirs, out var n, default, CultureInfo.InvariantCulture) ? n : 0);
        Console.WriteLine($"CPU per float, 384 elements in (-1, 1), best of 5 x {rounds:N0} rounds: ShortestFloatText {oursNs:F1} ns, float.TryFormat (what Utf8JsonWriter calls) {theirsNs:F1} ns");
    }
}
