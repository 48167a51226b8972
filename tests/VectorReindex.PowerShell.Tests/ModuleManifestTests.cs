using System.Management.Automation;
using System.Text.RegularExpressions;

namespace VectorReindex.PowerShell.Tests;

public sealed class ModuleManifestTests : IClassFixture<ModuleFixture>
{
    private readonly PowerShellHost _host;

    public ModuleManifestTests(ModuleFixture fixture) => _host = fixture.Host;

    private static string[] ManifestCmdlets()
    {
        var text = File.ReadAllText(PowerShellHost.ManifestPath);
        var block = Regex.Match(text, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        return Regex.Matches(block, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n).ToArray();
    }

    [Fact]
    public void Manifest_ListsCmdletsByName_NoWildcard()
    {
        var names = ManifestCmdlets();
        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => n.Contains('*'));
    }

    [Fact]
    public void Import_ExportsExactlyTheManifestCmdlets_AndEveryCmdletClassIsListed()
    {
        var result = _host.Run("""
            $m = Get-Module VectorReindex
            $m.ExportedCmdlets.Keys
            """).AssertNoErrors();
        var exported = result.Output.Select(o => o.ToString()).OrderBy(n => n).ToArray();
        Assert.Equal(ManifestCmdlets(), exported);

        var implemented = _host.Run("""
            (Get-Module VectorReindex).ImplementingAssembly.GetTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count -gt 0 } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
            """).AssertNoErrors().Output.Select(o => o.ToString()).OrderBy(n => n).ToArray();
        Assert.Equal(implemented, exported);
    }

    [Fact]
    public void Import_LoadsFromPackagedFolder_NotFromSourceBin()
    {
        var path = _host.Run("(Get-Module VectorReindex).ModuleBase").AssertNoErrors().Output.Single().ToString();
        Assert.Equal(Path.GetDirectoryName(PowerShellHost.ManifestPath), path);
        Assert.Matches(@"[/\\]out[/\\](Debug|Release)[/\\]VectorReindex[/\\]", path + Path.DirectorySeparatorChar);
    }

    [Fact]
    public void FormatFile_LoadsInTheEngine_WithATableViewPerOutputType()
    {
        var path = Path.Combine(Path.GetDirectoryName(PowerShellHost.ManifestPath)!, "VectorReindex.format.ps1xml");
        _ = new System.Management.Automation.Runspaces.FormatTable(new[] { path }); // throws FormatTableLoadException on any error

        var views = System.Xml.Linq.XDocument.Load(path).Descendants("View")
            .Where(v => v.Element("TableControl") != null)
            .Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value)
            .ToHashSet();
        foreach (var type in new[]
        {
            "VectorReindex.Core.Migrations.VectorMigration", "VectorReindex.Core.Metadata.MetadataUpdateSummary",
            "VectorReindex.Core.DualWrite.DualWriteSummary", "VectorReindex.Core.Rolling.RollingReindexReport",
            "VectorReindex.Core.Connection.ClusterConnection", "VectorReindex.Core.Migrations.AliasSwitchRecord",
        })
            Assert.Contains(type, views);
    }
}
