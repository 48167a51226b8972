namespace VectorReindex.PowerShell.Tests;

/// <summary>The runspace the cmdlet tests use has pwsh's built-in modules, so scripts run as in a user's pwsh.</summary>
public sealed class HostedEngineTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _fixture;

    public HostedEngineTests(ModuleFixture fixture) => _fixture = fixture;

    [Fact]
    public void Runspace_UtilityCmdlets_CallTheNodeAndShapeItsAnswer()
    {
        var result = _fixture.RunConnected("""
            $info = Invoke-RestMethod -Uri $uri
            $info | Select-Object -ExpandProperty version | ConvertTo-Json -Compress | ConvertFrom-Json | Select-Object -ExpandProperty number
            $PSVersionTable.PSVersion.ToString()
            """).AssertNoErrors();

        Assert.Equal(2, result.Output.Count);
        Assert.Matches(@"^\d+\.\d+\.\d+$", result.Output[0].ToString());
        Assert.Equal("7.6.9", result.Output[1].ToString());
    }
}
