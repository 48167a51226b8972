using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Demo;

/// <summary>
/// Runs examples/rolling-reindex.ps1 as an operator does: in a pwsh process of its own (the
/// repository's dotnet tool, PowerShell 7.6.9) with the packaged module, against the demo's node.
/// The script saves its report as JSON; its output lines are passed on, its error lines collected.
/// </summary>
public static class MigrationScript
{
    private static string Metadata(string key) => typeof(MigrationScript).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNameCaseInsensitive = true };

    public static async Task<(RollingReindexReport? Report, List<string> Errors)> RunAsync(Uri cluster, DemoOptions options, Action<string> say, CancellationToken ct)
    {
        var root = Metadata("RepoRoot");
        var errors = new List<string>();
        // The tool manifest pins pwsh; a fresh clone has not restored it yet.
        var restore = await RunAsync(root, new[] { "tool", "restore" }, _ => { }, errors.Add, ct);
        if (restore != 0) return (null, errors.Prepend($"dotnet tool restore exited {restore}").ToList());

        var reportPath = Path.Combine(Path.GetTempPath(), "vr-demo-report-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            // -Command rather than -File only to render the report at 120 columns: pwsh whose
            // output is redirected formats for 80, which wraps the report's table.
            var model = options.Model != null
                ? new[] { "-LocalModel", options.Model.Name }
                : new[] { "-Dimensions", options.NewDimensions.ToString(CultureInfo.InvariantCulture) };
            var invocation = string.Join(" ", new[]
            {
                "&", Quote(Metadata("MigrationScript")),
                "-Module", Quote(Metadata("ModuleManifest")),
                "-Uri", Quote(cluster.ToString()),
            }.Concat(model).Concat(new[]
            {
                "-MaxDocsPerSecond", options.MaxDocsPerSecond.ToString(CultureInfo.InvariantCulture),
                "-ReportPath", Quote(reportPath),
                "| Out-String -Width 120",
            }));
            var exit = await RunAsync(root, new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", invocation }, say, errors.Add, ct);
            if (exit != 0) errors.Add($"pwsh exited {exit}");
            RollingReindexReport? report = null;
            if (File.Exists(reportPath))
                report = JsonSerializer.Deserialize<RollingReindexReport>(await File.ReadAllTextAsync(reportPath, ct), ReportJson);
            return (report, errors);
        }
        finally
        {
            File.Delete(reportPath);
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>Runs dotnet with <paramref name="arguments"/> in <paramref name="folder"/>; stops the whole process tree on cancellation.</summary>
    private static async Task<int> RunAsync(string folder, IEnumerable<string> arguments, Action<string> output, Action<string> error, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) output(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lock (error) error(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }
}
