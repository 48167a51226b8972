using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Demo;

/// <summary>
/// Runs examples/rolling-reindex.ps1 as an operator does: in a pwsh session of its own (the
/// repository's dotnet tool, PowerShell 7.6.9) with the packaged module, against the demo's node.
/// The session is opened first (pwsh started, the module imported, the cluster connected) and then
/// waits, as an operator's shell waits at its prompt; <see cref="RunAsync"/> starts the migration in
/// it. So the demo's migration window holds the migration, not a shell's start-up. The script saves
/// its report as JSON; its output lines are passed on, its error lines collected.
/// </summary>
public sealed class MigrationScript : IAsyncDisposable
{
    /// <summary>The line the session writes once it is open; the demo's own, never the module's.</summary>
    private const string ReadyLine = "vr-demo: session open, waiting for the migration to start";

    private readonly Process _process;
    private readonly List<string> _errors;
    private readonly string _reportPath;

    private MigrationScript(Process process, List<string> errors, string reportPath)
    {
        _process = process;
        _errors = errors;
        _reportPath = reportPath;
    }

    private static string Metadata(string key) => typeof(MigrationScript).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Opens the operator's session and returns once it waits for the migration; null with the errors
    /// when it could not be opened (the tool restore or pwsh failed).
    /// </summary>
    public static async Task<(MigrationScript? Script, List<string> Errors)> OpenAsync(Uri cluster, DemoOptions options, Action<string> say, CancellationToken ct)
    {
        var root = Metadata("RepoRoot");
        var errors = new List<string>();
        // The tool manifest pins pwsh; a fresh clone has not restored it yet.
        using (var restore = Start(root, new[] { "tool", "restore" }, _ => { }, errors.Add, stdin: false))
        {
            await WaitAsync(restore, ct);
            if (restore.ExitCode != 0) return (null, errors.Prepend($"dotnet tool restore exited {restore.ExitCode}").ToList());
        }

        var reportPath = Path.Combine(Path.GetTempPath(), "vr-demo-report-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        var model = options.Model != null
            ? new[] { "-LocalModel", options.Model.Name }
            : new[] { "-Dimensions", options.NewDimensions.ToString(CultureInfo.InvariantCulture) };
        var script = string.Join(" ", new[]
        {
            "&", Quote(Metadata("MigrationScript")),
            "-Module", Quote(Metadata("ModuleManifest")),
            "-Uri", Quote(cluster.ToString()),
        }.Concat(model).Concat(new[]
        {
            "-MaxDocsPerSecond", options.MaxDocsPerSecond.ToString(CultureInfo.InvariantCulture),
            "-ReportPath", Quote(reportPath),
            // Rendered at 120 columns: pwsh whose output is redirected formats for 80, which wraps the report's table.
            "| Out-String -Width 120",
        }));
        var session = string.Join("; ",
            $"Import-Module {Quote(Metadata("ModuleManifest"))}",
            $"Connect-VectorCluster -Uri {Quote(cluster.ToString())} | Out-Null",
            $"{Quote(ReadyLine)}",
            "$null = [Console]::In.ReadLine()",
            script);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Start(root, new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", session }, line =>
        {
            if (line == ReadyLine) ready.TrySetResult();
            else say(line);
        }, errors.Add, stdin: true);
        var exited = WaitAsync(process, ct);
        await Task.WhenAny(ready.Task, exited);
        if (!ready.Task.IsCompleted)
        {
            await exited;
            errors.Add($"pwsh exited {process.ExitCode} before its session was open");
            process.Dispose();
            return (null, errors);
        }
        return (new MigrationScript(process, errors, reportPath), errors);
    }

    /// <summary>Starts the migration in the open session and waits for the script to end.</summary>
    public async Task<(RollingReindexReport? Report, List<string> Errors)> RunAsync(CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync("start");
        await _process.StandardInput.FlushAsync(ct);
        await WaitAsync(_process, ct);
        if (_process.ExitCode != 0) _errors.Add($"pwsh exited {_process.ExitCode}");
        RollingReindexReport? report = null;
        if (File.Exists(_reportPath))
            report = JsonSerializer.Deserialize<RollingReindexReport>(await File.ReadAllTextAsync(_reportPath, ct), ReportJson);
        return (report, _errors);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        _process.Dispose();
        File.Delete(_reportPath);
        return ValueTask.CompletedTask;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>Starts dotnet with <paramref name="arguments"/> in <paramref name="folder"/>, its output and error lines passed on as they come.</summary>
    private static Process Start(string folder, IEnumerable<string> arguments, Action<string> output, Action<string> error, bool stdin)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin, UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) output(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lock (error) error(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for <paramref name="process"/> to exit; stops its whole process tree on cancellation.</summary>
    private static async Task WaitAsync(Process process, CancellationToken ct)
    {
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
    }
}
