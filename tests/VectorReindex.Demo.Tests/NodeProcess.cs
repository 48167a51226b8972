using System.Diagnostics;

namespace VectorReindex.Demo.Tests;

/// <summary>The demo's node processes: each ran apart from the test's and is gone after the demo.</summary>
internal static class NodeProcess
{
    public static void AssertStopped(int pid)
    {
        Assert.True(pid > 0 && pid != Environment.ProcessId, $"the node ran in the test's process ({pid})");
        try
        {
            using var process = Process.GetProcessById(pid);
            Assert.True(process.HasExited, $"the node's process {pid} still runs after the demo");
        }
        catch (ArgumentException)
        {
            // No process with that id: stopped and reaped.
        }
    }
}
