using Xunit.Abstractions;

namespace VectorReindex.Pester.Tests;

/// <summary>
/// Each tests/Pester/*.Tests.ps1 file, run in its own real pwsh 7.6.9 process with Pester 5.7.1
/// against the packaged module. A file passes when Pester counts no failure and every local node it
/// started has exited.
/// </summary>
public sealed class PesterSuiteTests : IClassFixture<RepositoryTools>
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(5);

    private readonly RepositoryTools _tools;
    private readonly ITestOutputHelper _output;

    public PesterSuiteTests(RepositoryTools tools, ITestOutputHelper output)
    {
        _tools = tools;
        _output = output;
    }

    public static TheoryData<string> PesterFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(BuildPaths.RepoRoot, "tests", "Pester"), "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(PesterFiles))]
    public void PesterFile_InPwsh_PassesAndLeavesNoNode(string file)
    {
        var nodeLog = Path.Combine(Path.GetTempPath(), $"vectorreindex-pester-nodes-{Guid.NewGuid():N}.txt");
        try
        {
            var run = _tools.RunPwsh(
                new[] { "-File", Path.Combine(AppContext.BaseDirectory, "Invoke-PesterFile.ps1"),
                        "-Path", Path.Combine(BuildPaths.RepoRoot, "tests", "Pester", file),
                        "-PesterManifest", BuildPaths.PesterManifest },
                new Dictionary<string, string>
                {
                    ["VECTORREINDEX_MANIFEST"] = BuildPaths.ModuleManifest,
                    ["VECTORREINDEX_LOCALNODE"] = BuildPaths.LocalNodeAssembly,
                    ["VECTORREINDEX_NODE_LOG"] = nodeLog,
                    ["VECTORREINDEX_OTHER_JSON"] = BuildPaths.OtherSystemTextJson,
                    ["VECTORREINDEX_OTHER_LOGGING"] = BuildPaths.OtherLogging,
                },
                FileTimeout);
            _output.WriteLine(run.Output);
            foreach (var line in run.Output.Split('\n').Where(l => l.StartsWith("Pester " + file + ": ", StringComparison.Ordinal)))
                _tools.Report(line.TrimEnd());

            var leftOver = StartedNodes.StillRunning(nodeLog);
            Assert.True(run.ExitCode == 0, $"Pester reported {run.ExitCode} failure(s) in {file}:\n{run.Output}");
            Assert.True(leftOver.Count == 0, $"{file} left local node process(es) running: {string.Join(", ", leftOver)} (stopped now)");
            Assert.Contains($"Pester {file}: ", run.Output);
        }
        finally
        {
            File.Delete(nodeLog);
        }
    }
}
