using System.Diagnostics;
using System.Management.Automation;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

public sealed class StopProcessingTests
{
    [Fact]
    public async Task Stop_WhileWaitingOnCluster_ReturnsLongBeforeTheTimeout_AndAbortsTheRequest()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = ScriptedResponse.Hanging();
        using var host = new PowerShellHost();
        using var ps = host.Create("Connect-VectorCluster -Uri $uri -TimeoutSec 600", new Dictionary<string, object?> { ["uri"] = server.Uri });

        var invocation = ps.BeginInvoke();
        await server.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        ps.Stop(); // what Ctrl+C does
        clock.Stop();

        // Not a speed check (a loaded machine can take seconds): without cancellation Stop would wait out the 600 s timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Stop took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.True(invocation.IsCompleted);
        // The HTTP request was cancelled, not left running: the server sees the client abort it.
        await server.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
