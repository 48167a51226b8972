using System.Management.Automation;
using VectorReindex.LocalNode;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// A migration to another cluster through the cmdlets: Write-VectorDocument on the old cluster
/// dual-writes to the new one, Switch-IndexAlias cuts over there (then the writes run in reverse),
/// Complete-VectorMigration ends the rollback window and blocks the old index.
/// </summary>
public sealed class CrossClusterCmdletTests : IClassFixture<ModuleFixture>, IAsyncLifetime
{
    private const int Dims = 8;
    private readonly ModuleFixture _fixture;
    private LocalNodeServer _oldNode = null!;
    private ClusterSeeder _oldSeed = null!;
    private ClusterSeeder _newSeed = null!;

    public CrossClusterCmdletTests(ModuleFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        _oldNode = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "8.19.0", ClusterName = "old-8" });
        _oldSeed = new ClusterSeeder(_oldNode.Uri);
        _newSeed = new ClusterSeeder(_fixture.Node.Uri);
    }

    private async Task<string> OldAliasAsync(string stem, int documents = 30)
    {
        var alias = stem + "-" + Guid.NewGuid().ToString("N")[..8];
        await _oldSeed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _oldSeed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);
        return alias;
    }

    /// <summary>Connects to the new cluster ($new) and then the old one ($old, the session default), as an application that writes the old cluster would.</summary>
    private ScriptResult Run(string script, params (string, object?)[] vars) =>
        _fixture.Host.Run("$new = Connect-VectorCluster -Uri $uri; $old = Connect-VectorCluster -Uri $oldUri\n" + script,
            vars.Concat(new (string, object?)[] { ("uri", _fixture.Node.Uri), ("oldUri", _oldNode.Uri) }).ToDictionary(v => v.Item1, v => v.Item2));

    [Fact]
    public async Task WriteCutoverReverseWriteComplete_AcrossClusters_ThroughTheCmdlets()
    {
        var alias = await OldAliasAsync("xcps");
        var result = Run("""
            $m = New-ShadowIndex -Alias $alias -SourceCluster $old -TargetCluster $new | Start-Backfill | Sync-Delta
            $forward = 0..4 | ForEach-Object { [pscustomobject]@{ Id = "doc-$_"; Vector = [float[]](1,0,0,0,0,0,0,$_) } } | Write-VectorDocument -Index $alias
            $cut = $m | Switch-IndexAlias
            $reverse = [pscustomobject]@{ Id = 'doc-7'; Vector = [float[]](0,1,0,0,0,0,0,0) } | Write-VectorDocument -Index $alias
            Complete-VectorMigration $cut -WhatIf
            $whatIf = Get-VectorMigration -Alias $alias -Cluster $new
            $done = Complete-VectorMigration $cut -Confirm:$false
            $forward, $cut, $reverse, $whatIf, $done
            """, ("alias", alias)).AssertNoErrors();

        var forward = result.Output[0];
        Assert.Equal(alias + "-v1", forward.Properties["Live"].Value);
        Assert.Equal(alias + "-v2", forward.Properties["Second"].Value);
        Assert.Equal(5L, forward.Properties["SecondWritten"].Value);
        Assert.Equal(0L, forward.Properties["SecondMissed"].Value);
        var cut = result.Output[1];
        Assert.Equal("CutOver", cut.Properties["Phase"].Value.ToString());
        Assert.Equal(_fixture.Node.Uri.ToString(), PSObject.AsPSObject(cut.Properties["ServingCluster"].Value).Properties["Uris"].Value is IEnumerable<string> uris ? uris.Single() : null);
        var reverse = result.Output[2];
        Assert.Equal(alias + "-v2", reverse.Properties["Live"].Value); // the new cluster first
        Assert.Equal(alias + "-v1", reverse.Properties["Second"].Value); // the old one kept current
        Assert.Equal(1L, reverse.Properties["SecondWritten"].Value);
        Assert.Equal("CutOver", result.Output[3].Properties["Phase"].Value.ToString()); // -WhatIf changed nothing
        Assert.Equal("Completed", result.Output[4].Properties["Phase"].Value.ToString());
        Assert.Equal(new Dictionary<string, bool?> { [alias + "-v2"] = true }, await _newSeed.AliasAsync(alias));
        var old7 = await _oldSeed.GetAsync(alias + "-v1", "doc-7");
        var new7 = await _newSeed.GetAsync(alias + "-v2", "doc-7");
        Assert.Equal(new7["_version"]!.GetValue<long>(), old7["_version"]!.GetValue<long>());
        Assert.Null((await _oldSeed.SendAsync(HttpMethod.Get, $"/{alias}-v1/_mapping"))![alias + "-v1"]!["mappings"]!["_meta"]!["vectorreindex_target"]);

        // After Complete-VectorMigration a writer on the old cluster finds no migration, and the old index refuses the write.
        var stray = Run("[pscustomobject]@{ Id = 'doc-9'; Vector = [float[]](0,0,1,0,0,0,0,0) } | Write-VectorDocument -Index $alias", ("alias", alias));
        var error = Assert.Single(stray.Errors);
        Assert.Equal("WriteFailed,VectorReindex.PowerShell.Commands.WriteVectorDocumentCommand", error.FullyQualifiedErrorId);
        Assert.Contains("cluster_block_exception", error.Exception.Message);
        Assert.Equal(0L, Assert.Single(stray.Output).Properties["Written"].Value);
    }

    [Fact]
    public async Task SwitchIndexAlias_RollBack_AcrossClusters_ServesTheOldClusterAgain_AndWritesGoOldFirst()
    {
        var alias = await OldAliasAsync("xcroll");
        var result = Run("""
            $cut = New-ShadowIndex -Alias $alias -SourceCluster $old -TargetCluster $new | Start-Backfill | Sync-Delta | Switch-IndexAlias
            [pscustomobject]@{ Id = 'doc-3'; Vector = [float[]](0,0,0,1,0,0,0,0) } | Write-VectorDocument -Index $alias | Out-Null
            $cut | Switch-IndexAlias -RollBack -WhatIf
            $still = Get-VectorMigration -Alias $alias -Cluster $new
            $back = $cut | Switch-IndexAlias -RollBack
            $after = [pscustomobject]@{ Id = 'doc-4'; Vector = [float[]](0,0,0,0,1,0,0,0) } | Write-VectorDocument -Index $alias
            $still, $back, $after
            """, ("alias", alias)).AssertNoErrors();

        Assert.Equal("CutOver", result.Output[0].Properties["Phase"].Value.ToString()); // -WhatIf changed nothing
        var back = result.Output[1];
        Assert.Equal("RolledBack", back.Properties["Phase"].Value.ToString());
        Assert.Equal(_oldNode.Uri.ToString(), PSObject.AsPSObject(back.Properties["ServingCluster"].Value).Properties["Uris"].Value is IEnumerable<string> uris ? uris.Single() : null);
        Assert.Equal(new Dictionary<string, bool?> { [alias + "-v2"] = false }, await _newSeed.AliasAsync(alias)); // still read there, no longer written
        var after = result.Output[2];
        Assert.Equal(alias + "-v1", after.Properties["Live"].Value);
        Assert.Equal(alias + "-v2", after.Properties["Second"].Value);
        Assert.Equal(1L, after.Properties["SecondWritten"].Value);
        // doc-3 was written new-first after the cutover; the rollback kept it in the old index
        Assert.Equal((await _newSeed.GetAsync(alias + "-v2", "doc-3"))["_version"]!.GetValue<long>(), (await _oldSeed.GetAsync(alias + "-v1", "doc-3"))["_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task CompleteVectorMigration_BeforeCutover_IsRefused_WithMigrationNotCutOver()
    {
        var alias = await OldAliasAsync("xcearly");
        var result = Run("New-ShadowIndex -Alias $alias -SourceCluster $old -TargetCluster $new | Complete-VectorMigration -Confirm:$false", ("alias", alias));

        Assert.Equal("MigrationNotCutOver,VectorReindex.PowerShell.Commands.CompleteVectorMigrationCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.NotNull((await _oldSeed.SendAsync(HttpMethod.Get, $"/{alias}-v1/_mapping"))![alias + "-v1"]!["mappings"]!["_meta"]!["vectorreindex_target"]);
    }

    [Fact]
    public async Task WriteVectorDocument_WithoutAConnectionToTheTargetCluster_IsTerminating_AndNamesTheUriToConnect()
    {
        var alias = await OldAliasAsync("xcnoconn", 5);
        Run("New-ShadowIndex -Alias $alias -SourceCluster $old -TargetCluster $new | Out-Null", ("alias", alias)).AssertNoErrors();
        using var oldOnly = new PowerShellHost();

        var result = oldOnly.Run("Connect-VectorCluster -Uri $oldUri | Out-Null\n[pscustomobject]@{ Id = 'doc-1'; Vector = [float[]](1,0,0,0,0,0,0,0) } | Write-VectorDocument -Index $alias",
            new Dictionary<string, object?> { ["alias"] = alias, ["oldUri"] = _oldNode.Uri });

        var error = result.TerminatingError;
        Assert.Equal("TargetClusterNotConnected,VectorReindex.PowerShell.Commands.WriteVectorDocumentCommand", error?.FullyQualifiedErrorId);
        Assert.Contains("Connect-VectorCluster " + _fixture.Node.Uri, error!.ErrorDetails.Message);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal(1L, (await _oldSeed.GetAsync(alias + "-v1", "doc-1"))["_version"]!.GetValue<long>()); // nothing written
    }

    public async Task DisposeAsync()
    {
        _oldSeed.Dispose();
        _newSeed.Dispose();
        await _oldNode.DisposeAsync();
    }
}
