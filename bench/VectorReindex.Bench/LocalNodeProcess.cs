using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VectorReindex.Bench;

/// <summary>
/// The built local node (VectorReindex.LocalNode.dll) in its own process on a free loopback port,
/// so the bench process's CPU time is the module's alone. Stopped by its PID on dispose.
/// </summary>
internal sealed class LocalNodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LocalNodeProcess(Process process, Uri uri, string banner)
    {
        _process = process;
        Uri = uri;
        Banner = banner;
    }

    public Uri Uri { get; }

    /// <summary>The node's "localnode listening on ..." line.</summary>
    public string Banner { get; }

    public int Pid => _process.Id;

    /// <summary>CPU time the node process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts a node presenting <paramref name="esVersion"/> (null: the node's default) named <paramref name="clusterName"/> (null: the node's default).</summary>
    public static async Task<LocalNodeProcess> StartAsync(string? esVersion, string? clusterName = null)
    {
        var dll = NodeAssembly();
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "--port", "0" }) start.ArgumentList.Add(argument);
        if (esVersion != null)
        {
            start.ArgumentList.Add("--es-version");
            start.ArgumentList.Add(esVersion);
        }
        if (clusterName != null)
        {
            start.ArgumentList.Add("--cluster-name");
            start.ArgumentList.Add(clusterName);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + dll);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var match = Regex.Match(line, @"listening on (http\S+)");
                if (!match.Success) continue;
                // Keep draining stdout so the node never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                var uri = match.Groups[1].Value;
                return new LocalNodeProcess(process, new Uri(uri.EndsWith('/') ? uri : uri + "/"), line);
            }
            throw new InvalidOperationException($"The local node exited before listening: {await stderr}");
        }
        catch
        {
            if (!process.HasExited) process.Kill();
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        _process.Dispose();
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The node the bench project built (same configuration), next to the bench's own output.</summary>
    private static string NodeAssembly()
    {
        var here = AppContext.BaseDirectory; // bench/VectorReindex.Bench/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(here).Parent!.Name;
        var candidates = new[]
        {
            Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "..", "src", "VectorReindex.LocalNode", "bin", configuration, "net10.0", "VectorReindex.LocalNode.dll")),
            Path.Combine(here, "VectorReindex.LocalNode.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("No built local node at " + string.Join(" or ", candidates) + ". Build bench/VectorReindex.Bench (it builds the node).");
    }
}
