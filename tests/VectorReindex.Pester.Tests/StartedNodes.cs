using System.Diagnostics;
using System.Globalization;

namespace VectorReindex.Pester.Tests;

/// <summary>
/// The node processes a Pester file started, as TestHelpers.psm1 records them (one "pid start-ticks"
/// line each, start time in UTC ticks, so a reused PID is not mistaken for the node).
/// </summary>
internal static class StartedNodes
{
    /// <summary>The recorded nodes still running; each is killed so one failing file does not leak into the next.</summary>
    public static List<int> StillRunning(string logPath)
    {
        var running = new List<int>();
        if (!File.Exists(logPath)) return running;
        foreach (var line in File.ReadAllLines(logPath))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) continue;
            var pid = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var started = new DateTime(long.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeKind.Utc);
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited || Math.Abs((process.StartTime.ToUniversalTime() - started).TotalSeconds) > 1) continue;
                running.Add(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // No process with that id: the node exited.
            }
        }
        return running;
    }
}
