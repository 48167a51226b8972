using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using VectorReindex.Core.Rolling;

namespace VectorReindex.Demo;

/// <summary>Runs examples/rolling-reindex.ps1 in a hosted PowerShell runspace with the packaged module imported.</summary>
public static class MigrationScript
{
    private static string Metadata(string key) => typeof(MigrationScript).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static (RollingReindexReport? Report, List<string> Errors) Run(Uri cluster, DemoOptions options, CancellationToken ct)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { Metadata("ModuleManifest") });
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand(Metadata("MigrationScript"))
            .AddParameter("Uri", cluster)
            .AddParameter("Dimensions", options.NewDimensions)
            .AddParameter("MaxDocsPerSecond", options.MaxDocsPerSecond);
        using var stop = ct.Register(() => ps.BeginStop(null, null));
        var errors = new List<string>();
        RollingReindexReport? report = null;
        try
        {
            foreach (var o in ps.Invoke()) report ??= o.BaseObject as RollingReindexReport;
        }
        catch (RuntimeException ex)
        {
            errors.Add(ex.ErrorRecord.FullyQualifiedErrorId + ": " + ex.Message);
        }
        errors.AddRange(ps.Streams.Error.Select(e => e.FullyQualifiedErrorId + ": " + e));
        return (report, errors);
    }
}
