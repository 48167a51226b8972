using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace VectorReindex.LocalNode.Tests;

/// <summary>The command line: a start-up problem the operator can fix is one line on stderr and exit status 2, no stack trace.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("localnode-startup-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Start_OnTakenPort_SaysSoAndExits2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stderr) = await RunAsync($"--port {port}");

        Assert.Equal(2, exit);
        Assert.Equal($"localnode: port {port} on 127.0.0.1 is already in use: stop what listens there, or give another --port (0 picks a free one).", stderr);
    }

    [Theory]
    [InlineData("999.1.1.1", "is not an IP address")]
    [InlineData("not-a-host", "is not an IP address")]
    [InlineData("192.0.2.1", "cannot listen on 192.0.2.1:0")]
    public async Task Start_WithBadHost_SaysSoAndExits2(string host, string expected)
    {
        var (exit, stderr) = await RunAsync($"--port 0 --host {host}");

        Assert.Equal(2, exit);
        Assert.StartsWith("localnode: ", stderr);
        Assert.Contains(expected, stderr);
        Assert.DoesNotContain("\n", stderr);
    }

    [Fact]
    public async Task Start_WithUnwritableData_SaysSoAndExits2()
    {
        var file = Path.Combine(_scratch, "a-file");
        File.WriteAllText(file, "");

        var (exit, stderr) = await RunAsync($"--port 0 --data \"{Path.Combine(file, "data")}\"");

        Assert.Equal(2, exit);
        Assert.StartsWith($"localnode: cannot use data directory {Path.Combine(file, "data")}: ", stderr);
        Assert.DoesNotContain("\n", stderr);
    }

    [Fact]
    public async Task Start_WithEmptiedCheckpoint_SaysWhichFileAndExits2()
    {
        var data = Path.Combine(_scratch, "data");
        await using (var node = await TestNode.StartAsync(data))
        {
            await node.PutAsync("/i/_doc/1", "{\"a\":1}");
            node.Server.Snapshot();
        }
        File.WriteAllText(Path.Combine(data, "checkpoint"), "");

        var (exit, stderr) = await RunAsync($"--port 0 --data \"{data}\"");

        Assert.Equal(2, exit);
        Assert.StartsWith($"localnode: checkpoint file {Path.Combine(data, "checkpoint")} is empty", stderr);
        Assert.DoesNotContain("\n", stderr);
    }

    private static async Task<(int Exit, string Stderr)> RunAsync(string arguments)
    {
        var dll = typeof(LocalNodeServer).Assembly.Location;
        using var child = Process.Start(new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEndAsync();
        // A node that started after all would run until stopped; 60 s only keeps a broken test from hanging.
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await child.WaitForExitAsync(cap.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill();
            throw new Xunit.Sdk.XunitException($"the node started instead of failing: {await stdout}");
        }
        return (child.ExitCode, (await stderr).TrimEnd('\n', '\r'));
    }
}
