using System.Management.Automation;

namespace VectorReindex.PowerShell.Tests;

/// <summary>Every exported cmdlet has MAML help: synopsis, description, an example, and every parameter described.</summary>
public sealed class HelpTests : IClassFixture<ModuleFixture>
{
    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    private readonly PowerShellHost _host;

    public HelpTests(ModuleFixture fixture) => _host = fixture.Host;

    public static TheoryData<string> ExportedCmdlets()
    {
        using var host = new PowerShellHost();
        var data = new TheoryData<string>();
        foreach (var o in host.Run("(Get-Module VectorReindex).ExportedCmdlets.Keys").Output) data.Add(o.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void GetHelpFull_HasSynopsisDescriptionExampleAndEveryParameter(string cmdlet)
    {
        var result = _host.Run($"Get-Help {cmdlet} -Full").AssertNoErrors();
        var help = Assert.Single(result.Output);

        var synopsis = help.Properties["Synopsis"].Value?.ToString()?.Trim() ?? "";
        Assert.False(string.IsNullOrEmpty(synopsis), $"{cmdlet}: no synopsis");
        Assert.DoesNotContain(cmdlet + " [", synopsis); // the engine's placeholder when no help file is found

        var description = Text(help, "description");
        Assert.False(string.IsNullOrWhiteSpace(description), $"{cmdlet}: no description");

        var examples = _host.Run($"(Get-Help {cmdlet} -Full).examples.example | ForEach-Object {{ $_.code }}").Output;
        Assert.True(examples.Count > 0 && examples.All(e => !string.IsNullOrWhiteSpace(e.ToString())), $"{cmdlet}: no example code");

        var all = _host.Run($"(Get-Command {cmdlet}).Parameters.Keys").Output.Select(o => o.ToString()).ToList();
        var declared = all.Where(p => !CommonParameters.Contains(p)).ToList();
        var described = _host.Run($$"""
            (Get-Help {{cmdlet}} -Full).parameters.parameter | ForEach-Object {
                $text = ($_.description | ForEach-Object { $_.Text }) -join ' '
                if ($text.Trim()) { $_.name }
            }
            """).Output.Select(o => o.ToString()).ToList();
        foreach (var parameter in declared)
            Assert.True(described.Contains(parameter, StringComparer.OrdinalIgnoreCase), $"{cmdlet}: parameter -{parameter} has no description in help");
        foreach (var parameter in described)
            Assert.True(all.Contains(parameter, StringComparer.OrdinalIgnoreCase), $"{cmdlet}: help describes -{parameter}, which the cmdlet does not have");
        if (all.Contains("WhatIf"))
            Assert.True(described.Contains("WhatIf") && described.Contains("Confirm"), $"{cmdlet}: supports ShouldProcess but its help does not describe -WhatIf and -Confirm");
    }

    [Theory]
    [InlineData("about_VectorReindex", "New-VectorIndex")]
    [InlineData("about_VectorReindex_Protocol", "version_type=external_gte")]
    [InlineData("about_VectorReindex_Protocol", "MOVING TO A NEW CLUSTER")]
    public void GetHelp_AboutTopic_IsShippedWithTheModule(string topic, string mentions)
    {
        var text = string.Join("\n", _host.Run($"Get-Help {topic}").AssertNoErrors().Output.Select(o => o.ToString()));

        Assert.Contains("TOPIC", text);
        Assert.Contains(topic, text);
        Assert.Contains("_meta.embedder", text);
        Assert.Contains(mentions, text);
    }

    private static string Text(PSObject help, string property)
    {
        var value = help.Properties[property]?.Value;
        if (value is null) return "";
        var items = value is object[] array ? array : new[] { value };
        return string.Join(" ", items.Select(i => PSObject.AsPSObject(i).Properties["Text"]?.Value?.ToString() ?? i.ToString()));
    }
}
