using System.Management.Automation;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// Issue 14, Why 1, 2 and 5 through the cmdlets: the ids, categories and advice of the cutover
/// guard, and the binding of -CatchUp, -Force -AllowModelChange and Invoke-RollingReindex -Restart.
/// </summary>
public sealed class CutoverGuardTests : IClassFixture<ModuleFixture>
{
    private const string Switch = "VectorReindex.PowerShell.Commands.SwitchIndexAliasCommand";
    private const string Rolling = "VectorReindex.PowerShell.Commands.InvokeRollingReindexCommand";
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public CutoverGuardTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private static string Unique(string stem) => stem + "-" + Guid.NewGuid().ToString("N")[..8];

    private ScriptResult Run(string script, string alias) => _fixture.RunConnected(script, ("alias", alias));

    private async Task<string> LiveAliasAsync(string stem, int docs = 20)
    {
        var alias = Unique(stem);
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, 8);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, docs, 8);
        return alias;
    }

    private async Task<string> LiveAsync(string alias) => Assert.Single(await _seed.AliasAsync(alias)).Key;

    [Fact]
    public async Task SwitchIndexAlias_TwoGenerationsBack_IsRollbackTooFar_AndCatchUpSwitchesAfterADelta()
    {
        var alias = await LiveAliasAsync("toofar");
        Run("""
            New-ShadowIndex -Alias $alias -Similarity l2_norm | Start-Backfill | Sync-Delta | Switch-IndexAlias | Out-Null
            Invoke-RollingReindex -Alias $alias -Similarity dot_product | Out-Null
            """, alias).AssertNoErrors();
        Assert.Equal(alias + "-v3", await LiveAsync(alias));
        Run("Write-VectorDocument -Index $alias -Id late -Vector (1..8 | ForEach-Object { 0.35355339 }) -Metadata @{ title = 'after the second cutover' }", alias).AssertNoErrors();

        var refused = Run("Switch-IndexAlias -Alias $alias -To ($alias + '-v1')", alias);
        var forced = Run("Switch-IndexAlias -Alias $alias -To ($alias + '-v1') -Force", alias);

        Assert.Equal("RollbackTooFar," + Switch, refused.TerminatingError?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, refused.TerminatingError!.CategoryInfo.Category);
        Assert.Contains("-CatchUp", refused.TerminatingError.ErrorDetails.RecommendedAction);
        Assert.Equal("RollbackTooFar," + Switch, forced.TerminatingError?.FullyQualifiedErrorId);
        Assert.Equal(alias + "-v3", await LiveAsync(alias));

        var caughtUp = Run("Switch-IndexAlias -Alias $alias -To ($alias + '-v1') -CatchUp", alias).AssertNoErrors();

        Assert.Equal(alias + "-v1", Assert.Single(caughtUp.Output).Properties["To"].Value);
        Assert.Equal(alias + "-v1", await LiveAsync(alias));
        Assert.Equal("after the second cutover", (await _seed.GetAsync(alias + "-v1", "late"))["_source"]!["title"]!.ToString());
    }

    [Fact]
    public async Task SwitchIndexAlias_ToAnUnrelatedIndex_IsCutoverTargetNotRecorded_ThenModelChangeNotAllowed_ThenSwitchesWithBoth()
    {
        var alias = await LiveAliasAsync("unrelated");
        await _seed.CreateVectorIndexAsync(alias + "-other", null, 4);
        await _seed.IndexDocumentsAsync(alias + "-other", 0, 20, 4);

        var refused = Run("Switch-IndexAlias -Alias $alias -To ($alias + '-other')", alias);
        var forced = Run("Switch-IndexAlias -Alias $alias -To ($alias + '-other') -Force", alias);

        Assert.Equal("CutoverTargetNotRecorded," + Switch, refused.TerminatingError?.FullyQualifiedErrorId);
        Assert.Equal("ModelChangeNotAllowed," + Switch, forced.TerminatingError?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, forced.TerminatingError!.CategoryInfo.Category);
        Assert.Contains("-AllowModelChange", forced.TerminatingError.ErrorDetails.RecommendedAction);
        Assert.Equal(alias + "-v1", await LiveAsync(alias));

        Run("Switch-IndexAlias -Alias $alias -To ($alias + '-other') -Force -AllowModelChange", alias).AssertNoErrors();
        Assert.Equal(alias + "-other", await LiveAsync(alias));
    }

    [Fact]
    public async Task InvokeRollingReindex_WithAnotherEmbedderThanTheInFlightPlan_IsMigrationPlanMismatch_AndRestartStartsANewGeneration()
    {
        var alias = await LiveAliasAsync("restart");
        Run("New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField title | Start-Backfill | Out-Null", alias).AssertNoErrors();

        var refused = Run("Invoke-RollingReindex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 32)", alias);

        Assert.Equal("MigrationPlanMismatch," + Rolling, refused.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("embedder", refused.TerminatingError!.Exception.Message);
        Assert.Contains("-Restart", refused.TerminatingError.ErrorDetails.RecommendedAction);
        Assert.Equal(alias + "-v1", await LiveAsync(alias));

        var restarted = Run("Invoke-RollingReindex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 32) -TextField title -Restart", alias).AssertNoErrors();

        var report = Assert.Single(restarted.Output);
        Assert.Equal(alias + "-v2", report.Properties["Abandoned"].Value);
        Assert.Equal(alias + "-v3", report.Properties["Target"].Value);
        Assert.Equal(alias + "-v3", await LiveAsync(alias));
        var phases = Run("Get-VectorMigration -Alias $alias | ForEach-Object { $_.Target + '=' + $_.Phase }", alias).AssertNoErrors();
        Assert.Contains(alias + "-v2=Abandoned", phases.Output.Select(o => o.ToString()));

        var again = Run("Invoke-RollingReindex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 32) -TextField title", alias).AssertNoErrors();

        Assert.Equal(true, Assert.Single(again.Output).Properties["UpToDate"].Value);
        Assert.Contains(again.Warnings, w => w.Message.Contains("nothing to do"));
        Assert.Equal(alias + "-v3", await LiveAsync(alias));
    }
}
