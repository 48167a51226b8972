using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace VectorReindex.Pester.Tests;

/// <summary>
/// The repository's .NET tools (.config/dotnet-tools.json: PowerShell 7.6.9), restored once per run,
/// so a machine with only the .NET SDK runs the suite in the pinned pwsh.
/// </summary>
public sealed class RepositoryTools
{
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);

    private readonly IMessageSink _diagnostics;

    public RepositoryTools(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
        var restore = Run(new[] { "tool", "restore" }, new Dictionary<string, string>(), RestoreTimeout);
        if (restore.ExitCode != 0)
            throw new InvalidOperationException($"dotnet tool restore failed ({restore.ExitCode}):\n{restore.Output}");
    }

    /// <summary>A line in `dotnet test`'s console (xunit.runner.json turns diagnostic messages on).</summary>
    public void Report(string line) => _diagnostics.OnMessage(new DiagnosticMessage(line));

    /// <summary>Runs the repository's pwsh (`dotnet pwsh -NoProfile -NonInteractive ...`) in the repository root.</summary>
    public ProcessRun RunPwsh(IEnumerable<string> arguments, IDictionary<string, string> environment, TimeSpan timeout) =>
        Run(new[] { "pwsh", "-NoProfile", "-NonInteractive" }.Concat(arguments), environment, timeout);

    private static ProcessRun Run(IEnumerable<string> arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = BuildPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["NO_COLOR"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) output.AppendLine($"(stopped after {timeout.TotalMinutes} minutes)");
            return new ProcessRun(-1, output.ToString());
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output) return new ProcessRun(process.ExitCode, output.ToString());
    }

    /// <summary>The dotnet host running this test (testhost is started by it), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        return self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
    }
}

public sealed record ProcessRun(int ExitCode, string Output);
