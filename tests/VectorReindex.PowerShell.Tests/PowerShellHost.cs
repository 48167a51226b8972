using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// A real runspace (Microsoft.PowerShell.SDK 7.6.9: the engine and pwsh's built-in modules) with the packaged module imported by its
/// manifest, as a user's session has it. Runs scripts and hands back every stream.
/// </summary>
public sealed class PowerShellHost : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellHost()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ManifestPath });
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        var failures = _runspace.SessionStateProxy.PSVariable.GetValue("Error") as System.Collections.ArrayList;
        if (failures is { Count: > 0 })
            throw new InvalidOperationException("Importing the module failed: " + failures[0]);
    }

    /// <summary>out/&lt;Configuration&gt;/VectorReindex/&lt;version&gt;/VectorReindex.psd1, laid out by the build of the cmdlet project.</summary>
    public static string ManifestPath { get; } = typeof(PowerShellHost).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ModuleManifest").Value!;

    /// <summary>
    /// Runs <paramref name="script"/>. A terminating error (ThrowTerminatingError, throw) ends the
    /// script and lands in <see cref="ScriptResult.TerminatingError"/>; non-terminating ones
    /// (WriteError) in <see cref="ScriptResult.Errors"/>, as an operator's session tells them apart.
    /// </summary>
    public ScriptResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        const string Captured = "__vrTerminatingError";
        using var ps = Create("try {\n" + script + "\n} catch { $" + Captured + " = $_ }", variables);
        _runspace.SessionStateProxy.SetVariable(Captured, null);
        var result = new ScriptResult();
        try
        {
            result.Output.AddRange(ps.Invoke());
        }
        catch (RuntimeException ex)
        {
            result.TerminatingError = ex.ErrorRecord;
        }
        result.TerminatingError ??= _runspace.SessionStateProxy.GetVariable(Captured) as ErrorRecord;
        result.Collect(ps.Streams);
        return result;
    }

    /// <summary>A PowerShell bound to this runspace, for tests that drive it themselves (BeginInvoke, Stop).</summary>
    public System.Management.Automation.PowerShell Create(string script, IDictionary<string, object?>? variables = null)
    {
        if (variables != null)
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        return ps;
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>Everything a script produced.</summary>
public sealed class ScriptResult
{
    public List<PSObject> Output { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<WarningRecord> Warnings { get; } = new();
    public List<VerboseRecord> Verbose { get; } = new();
    public List<DebugRecord> Debug { get; } = new();
    public List<ProgressRecord> Progress { get; } = new();
    public List<InformationRecord> Information { get; } = new();

    /// <summary>The error that stopped the script, if one did.</summary>
    public ErrorRecord? TerminatingError { get; set; }

    /// <summary>The terminating error, else the first non-terminating one.</summary>
    public ErrorRecord? FirstError => TerminatingError ?? Errors.FirstOrDefault();

    internal void Collect(PSDataStreams streams)
    {
        Errors.AddRange(streams.Error);
        Warnings.AddRange(streams.Warning);
        Verbose.AddRange(streams.Verbose);
        Debug.AddRange(streams.Debug);
        Progress.AddRange(streams.Progress);
        Information.AddRange(streams.Information);
    }

    /// <summary>Every record rendered as text, for checks that a secret appears nowhere.</summary>
    public string AllText()
    {
        var parts = new List<string>();
        foreach (var o in Output)
        {
            parts.Add(o.ToString());
            foreach (var p in o.Properties)
            {
                try { parts.Add(p.Name + "=" + p.Value); } catch (GetValueException) { }
            }
        }
        IEnumerable<ErrorRecord> errors = TerminatingError != null ? Errors.Append(TerminatingError) : Errors;
        foreach (var e in errors)
        {
            parts.Add(e.ToString());
            parts.Add(e.Exception.ToString());
            parts.Add(e.TargetObject?.ToString() ?? "");
            parts.Add(e.ErrorDetails?.Message ?? "");
        }
        parts.AddRange(Warnings.Select(w => w.Message));
        parts.AddRange(Verbose.Select(v => v.Message));
        parts.AddRange(Debug.Select(d => d.Message));
        parts.AddRange(Progress.Select(p => p.Activity + " " + p.StatusDescription));
        parts.AddRange(Information.Select(i => i.MessageData?.ToString() ?? ""));
        return string.Join("\n", parts);
    }

    /// <summary>Fails with every error's text when the script wrote any error.</summary>
    public ScriptResult AssertNoErrors()
    {
        var all = (TerminatingError != null ? Errors.Append(TerminatingError) : Errors).ToList();
        if (all.Count > 0)
            throw new Xunit.Sdk.XunitException("The script wrote errors:\n" + string.Join("\n", all.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return this;
    }
}
