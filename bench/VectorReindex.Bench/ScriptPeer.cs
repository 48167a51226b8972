using System.Diagnostics;
using System.Text.Json;

namespace VectorReindex.Bench;

/// <summary>
/// A peer that copies in its own process: Elasticsearch's Python client (bench/python_reindex.py,
/// helpers.reindex) or its Node.js client 9.x (bench/node_reindex/reindex.js, scrollSearch +
/// helpers.bulk). The script times itself and prints {"seconds":..,"copied":..,"errors":..} last.
/// </summary>
internal sealed class ScriptPeer(string name, string program, IReadOnlyList<string> arguments)
{
    public string Name { get; } = name;
    public string Program { get; } = program;
    public IReadOnlyList<string> Arguments { get; } = arguments;

    /// <summary>bench/, where the peers' scripts live (the bench runs from bench/VectorReindex.Bench/bin/&lt;Configuration&gt;/net10.0/).</summary>
    public static string BenchDirectory => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));

    public static string NodeScriptDirectory => Path.Combine(BenchDirectory, "node_reindex");

    /// <summary>
    /// /usr/bin/python3 (Debian's, with python3-elasticsearch 7.17; a pyenv python3 has no client).
    /// Null, with the reason in <paramref name="problem"/>, when that python or its client is missing.
    /// </summary>
    public static ScriptPeer? Python(out string? problem)
    {
        const string python = "/usr/bin/python3";
        problem = null;
        if (!File.Exists(python) || RunToEnd(python, BenchDirectory, "-c", "import elasticsearch").ExitCode != 0)
        {
            problem = $"The Python peer needs {python} with Elasticsearch's client: apt-get install python3-elasticsearch (Debian's 7.17), or drop that peer.";
            return null;
        }
        return new ScriptPeer("python helpers.reindex", python, [Path.Combine(BenchDirectory, "python_reindex.py"), "--chunk-size", "500"]);
    }

    /// <summary>
    /// The Node.js client from bench/node_reindex (installed there with `npm ci` from the committed
    /// package-lock.json when node_modules is absent). Null, with the reason in <paramref name="problem"/>, when node or npm is missing or the install fails.
    /// </summary>
    public static ScriptPeer? NodeJs(out string? problem)
    {
        problem = null;
        var directory = NodeScriptDirectory;
        if (!OnPath("node") || !OnPath("npm"))
        {
            problem = "node and npm are needed for the Node.js peer (Node.js 20 or later: @elastic/elasticsearch 9.4 requires it); install them (apt-get install nodejs npm) or drop that peer.";
            return null;
        }
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@elastic", "elasticsearch")))
        {
            Console.WriteLine($"installing the Node.js client: npm ci in {directory}");
            var (code, output) = RunToEnd("npm", directory, "ci", "--no-audit", "--no-fund");
            if (code != 0)
            {
                problem = $"npm ci in {directory} failed (exit {code}): {output.Trim()}";
                return null;
            }
        }
        return new ScriptPeer("Node.js client 9.x helpers", "node", [Path.Combine(directory, "reindex.js")]);
    }

    /// <summary>Runs the script copying <paramref name="source"/> into <paramref name="target"/> (which must exist) and waits for it.</summary>
    public async Task<(double Seconds, long Copied, long Errors)> CopyAsync(Uri node, string source, string target, bool askForVectors)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments) start.ArgumentList.Add(argument);
        foreach (var argument in new[] { "--url", node.ToString(), "--source", source, "--target", target }) start.ArgumentList.Add(argument);
        if (askForVectors) start.ArgumentList.Add("--ask-for-vectors");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + Program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Name} failed (exit {process.ExitCode}): {(await error).Trim()}");
        var result = JsonDocument.Parse((await output).Trim().Split('\n').Last()).RootElement;
        return (result.GetProperty("seconds").GetDouble(), result.GetProperty("copied").GetInt64(), result.GetProperty("errors").GetInt64());
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    private static (int ExitCode, string Output) RunToEnd(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
