using System.Management.Automation;
using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>New-ShadowIndex, Switch-IndexAlias, Remove-ShadowIndex and Get-VectorMigration through the hosted runspace.</summary>
public sealed class ShadowIndexTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public ShadowIndexTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private static string Unique(string stem) => stem + "-" + Guid.NewGuid().ToString("N")[..8];

    private ScriptResult Run(string script, params (string, object?)[] vars) => _fixture.RunConnected(script, vars);

    private async Task<string> LiveIndexAsync(string alias, int docs = 20, int dims = 8)
    {
        var index = alias + "-v1";
        await _seed.CreateVectorIndexAsync(index, alias, dims);
        await _seed.IndexDocumentsAsync(index, 0, docs, dims);
        return index;
    }

    [Fact]
    public async Task NewShadowIndex_CreatesTargetWithChanges_LoadSettings_AndRecordsMigration()
    {
        var alias = Unique("shadow");
        await LiveIndexAsync(alias);

        var result = Run("New-ShadowIndex -Alias $alias -IndexOptions @{ type = 'int8_hnsw'; m = 16; ef_construction = 100 }", ("alias", alias)).AssertNoErrors();

        var migration = Assert.Single(result.Output);
        Assert.Equal(alias + "-v2", migration.Properties["Target"].Value);
        Assert.Equal(alias + "-v1", migration.Properties["Source"].Value);
        Assert.Equal("embedding", migration.Properties["VectorField"].Value);
        var index = (await _seed.SendAsync(HttpMethod.Get, "/" + alias + "-v2"))![alias + "-v2"]!;
        Assert.Equal("int8_hnsw", index["mappings"]!["properties"]!["embedding"]!["index_options"]!["type"]!.ToString());
        Assert.Equal("tests", index["mappings"]!["_meta"]!["owner"]!.ToString());
        Assert.Equal("-1", index["settings"]!["index"]!["refresh_interval"]!.ToString());
        Assert.Equal("0", index["settings"]!["index"]!["number_of_replicas"]!.ToString());
        Assert.Empty(index["aliases"]!.AsObject());

        var found = Run("Get-VectorMigration -Alias $alias", ("alias", alias)).AssertNoErrors();
        Assert.Equal("Created", Assert.Single(found.Output).Properties["Phase"].Value.ToString());
    }

    [Fact]
    public async Task NewShadowIndex_TargetCluster_CreatesOnTheOtherCluster_WithItsVersionsDefaults_AndMarksTheSource()
    {
        await using var oldNode = await LocalNode.LocalNodeServer.StartAsync(new LocalNode.LocalNodeOptions { Port = 0, EsVersion = "8.17.0", ClusterName = "old-cluster" });
        using var oldSeed = new ClusterSeeder(oldNode.Uri);
        var alias = Unique("moving");
        await oldSeed.CreateVectorIndexAsync(alias + "-v1", alias, 128);

        var result = Run("$new = Connect-VectorCluster -Uri $uri; $old = Connect-VectorCluster -Uri $oldUri\n" +
                         "New-ShadowIndex -Alias $alias -SourceCluster $old -TargetCluster $new -Dimensions 384 -WhatIf -Verbose\n" +
                         "$m = New-ShadowIndex -Alias $alias -SourceCluster $old -TargetCluster $new -Dimensions 384\n" +
                         "'index_options ' + $m.IndexOptions['type'].ToString()",
            ("alias", alias), ("oldUri", oldNode.Uri)).AssertNoErrors();

        Assert.Contains(result.Verbose, v => v.Message.Contains("Drift from Elasticsearch 8.17.0 (source) to 9.4.0 (target)")
                                             && v.Message.Contains("index_options (embedding): int8_hnsw (the 8.17.0 default for 128 dimensions) -> bbq_hnsw (the 9.4.0 default for 384 dimensions)"));
        Assert.Contains(result.Output, o => o.BaseObject as string == "index_options bbq_hnsw");
        var index = (await _seed.SendAsync(HttpMethod.Get, "/" + alias + "-v2"))![alias + "-v2"]!;
        Assert.Equal("bbq_hnsw", index["mappings"]!["properties"]!["embedding"]!["index_options"]!["type"]!.ToString());
        Assert.NotNull((await oldSeed.SendAsync(HttpMethod.Get, "/" + alias + "-v2", allowError: true))?["error"]);
        var marker = (await oldSeed.SendAsync(HttpMethod.Get, "/" + alias + "-v1/_mapping"))![alias + "-v1"]!["mappings"]!["_meta"]!["vectorreindex_target"]!;
        Assert.Equal(alias + "-v2", marker["target_index"]!.ToString());
    }

    [Fact]
    public async Task NewShadowIndex_RefusesBadInput_WithDistinctErrorIds()
    {
        var alias = Unique("refuse");
        await LiveIndexAsync(alias);
        var twoWay = Unique("twoway");
        await _seed.CreateVectorIndexAsync(twoWay + "-a", null, 8);
        await _seed.CreateVectorIndexAsync(twoWay + "-b", null, 8);
        await _seed.SendAsync(HttpMethod.Post, "/_aliases", $$$"""{"actions":[{"add":{"index":"{{{twoWay}}}-a","alias":"{{{twoWay}}}"}},{"add":{"index":"{{{twoWay}}}-b","alias":"{{{twoWay}}}"}}]}""");
        await _seed.CreateVectorIndexAsync(alias + "-taken", null, 8);

        var cases = new (string Script, string Id, string Hint)[]
        {
            ($"New-ShadowIndex -Alias {Unique("nosuch")}", "AliasNotFound", "_cat/aliases"),
            ($"New-ShadowIndex -Alias {twoWay}", "AliasHasNoWriteIndex", "is_write_index"),
            ($"New-ShadowIndex -Alias {alias} -Name {alias}-taken", "TargetIndexExists", "Remove-ShadowIndex"),
            ($"New-ShadowIndex -Alias {alias} -VectorField title", "NotADenseVectorField", "embedding"),
            ($"New-ShadowIndex -Alias {alias} -Dimensions 0", "InvalidDimensions", "1 to 4096"),
            ($"New-ShadowIndex -Alias {alias} -Dimensions 4097", "InvalidDimensions", "1 to 4096"),
        };
        foreach (var (script, id, hint) in cases)
        {
            var result = Run(script);
            var error = result.TerminatingError;
            Assert.True(error != null, $"{script}: no terminating error");
            Assert.Equal(id + ",VectorReindex.PowerShell.Commands.NewShadowIndexCommand", error!.FullyQualifiedErrorId);
            Assert.Contains(hint, error.ErrorDetails?.Message ?? error.Exception.Message);
        }
        Assert.False(await IndexExistsAsync(alias + "-v2"));
    }

    [Fact]
    public async Task SwitchIndexAlias_Force_MovesAliasAndRestoresSettings_AndRollbackMovesItBack()
    {
        var alias = Unique("switch");
        var source = await LiveIndexAsync(alias);

        var result = Run("New-ShadowIndex -Alias $alias | Switch-IndexAlias -Force", ("alias", alias)).AssertNoErrors();

        Assert.Equal("CutOver", Assert.Single(result.Output).Properties["Phase"].Value.ToString());
        var aliasState = await _seed.AliasAsync(alias);
        Assert.Equal(new[] { alias + "-v2" }, aliasState.Keys.ToArray());
        Assert.True(aliasState[alias + "-v2"]);
        var settings = (await _seed.SendAsync(HttpMethod.Get, $"/{alias}-v2/_settings"))![alias + "-v2"]!["settings"]!["index"]!;
        Assert.Equal("1s", settings["refresh_interval"]!.ToString());
        Assert.Equal("0", settings["number_of_replicas"]!.ToString());

        var back = Run("Switch-IndexAlias -Alias $alias -To $to -Force", ("alias", alias), ("to", source)).AssertNoErrors();
        var record = Assert.Single(back.Output);
        Assert.Equal(alias + "-v2", record.Properties["From"].Value);
        Assert.Equal(source, record.Properties["To"].Value);
        Assert.Equal(new[] { source }, (await _seed.AliasAsync(alias)).Keys.ToArray());
        var migration = Assert.Single(Run("Get-VectorMigration -Alias $alias", ("alias", alias)).AssertNoErrors().Output);
        Assert.Equal("RolledBack", migration.Properties["Phase"].Value.ToString());
    }

    [Fact]
    public async Task SwitchIndexAlias_CountsDiffer_RefusesWithParityFailed()
    {
        var alias = Unique("parity");
        await LiveIndexAsync(alias, docs: 5);

        var result = Run("New-ShadowIndex -Alias $alias | Switch-IndexAlias", ("alias", alias));

        Assert.Equal("ParityFailed,VectorReindex.PowerShell.Commands.SwitchIndexAliasCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("Sync-Delta", result.TerminatingError!.ErrorDetails.RecommendedAction);
        Assert.Equal(ErrorCategory.InvalidResult, result.TerminatingError.CategoryInfo.Category);
        Assert.Equal(new[] { alias + "-v1" }, (await _seed.AliasAsync(alias)).Keys.ToArray());
    }

    [Fact]
    public async Task SwitchIndexAlias_CarriesFilterAndRouting()
    {
        var alias = Unique("filtered");
        await _seed.CreateVectorIndexAsync(alias + "-v1", null, 8);
        await _seed.SendAsync(HttpMethod.Post, "/_aliases", $$$"""{"actions":[{"add":{"index":"{{{alias}}}-v1","alias":"{{{alias}}}","is_write_index":true,"filter":{"term":{"tags":"t1"}},"routing":"r1"}}]}""");

        Run("New-ShadowIndex -Alias $alias | Switch-IndexAlias -Force", ("alias", alias)).AssertNoErrors();

        var entry = (await _seed.SendAsync(HttpMethod.Get, "/_alias/" + alias))![alias + "-v2"]!["aliases"]![alias]!;
        Assert.Equal("t1", entry["filter"]!["term"]!["tags"]!.ToString());
        Assert.Equal("r1", entry["index_routing"]!.ToString());
    }

    [Fact]
    public async Task RemoveShadowIndex_RefusesAliasedIndexAndPatterns_DeletesAFreeOne()
    {
        var alias = Unique("remove");
        await LiveIndexAsync(alias);

        var inUse = Run("Remove-ShadowIndex -Index $index -Confirm:$false", ("index", alias + "-v1"));
        Assert.Equal("IndexInUse,VectorReindex.PowerShell.Commands.RemoveShadowIndexCommand", inUse.TerminatingError?.FullyQualifiedErrorId);
        var pattern = Run("Remove-ShadowIndex -Index 'remove-*' -Confirm:$false");
        Assert.Equal("IndexPatternRefused,VectorReindex.PowerShell.Commands.RemoveShadowIndexCommand", pattern.TerminatingError?.FullyQualifiedErrorId);

        Run("New-ShadowIndex -Alias $alias | Remove-ShadowIndex -Confirm:$false", ("alias", alias)).AssertNoErrors();

        Assert.False(await IndexExistsAsync(alias + "-v2"));
        Assert.True(await IndexExistsAsync(alias + "-v1"));
    }

    [Fact]
    public async Task WhatIf_OnEveryCmdletThatChangesData_ChangesNothing()
    {
        var alias = Unique("whatif");
        await LiveIndexAsync(alias);
        var free = Unique("free");
        await _seed.CreateVectorIndexAsync(free, null, 8);
        Run("New-ShadowIndex -Alias $alias -Name $name | Out-Null", ("alias", alias), ("name", alias + "-v2")).AssertNoErrors();
        var before = await _seed.SnapshotAsync();

        var result = Run("""
            New-ShadowIndex -Alias $alias -Name ($alias + '-v3') -Dimensions 16 -WhatIf
            $m = Get-VectorMigration -Alias $alias
            $m | Switch-IndexAlias -Force -WhatIf
            Switch-IndexAlias -Alias $alias -To ($alias + '-v2') -Force -WhatIf
            Remove-ShadowIndex -Index $free -WhatIf
            $m | Remove-ShadowIndex -WhatIf
            Set-IndexMetadata -Index $alias -Id 'doc-1','doc-2' -Set @{ tags = @('whatif') } -WhatIf
            Set-IndexMetadata -Index $alias -Id 'doc-3' -Remove 'price' -WhatIf
            $m | Start-Backfill -WhatIf
            $m | Sync-Delta -WhatIf
            Write-VectorDocument -Index $alias -Id 'doc-1' -Vector ([float[]](1..8)) -WhatIf
            'doc-2' | Remove-VectorDocument -Index $alias -WhatIf
            Invoke-RollingReindex -Alias $alias -WhatIf
            New-VectorIndex -Alias ($alias + '-new') -Embedder (New-VectorEmbedder -Hashing -Dimensions 8) -WhatIf
            """, ("alias", alias), ("free", free)).AssertNoErrors();

        Assert.Equal(before, await _seed.SnapshotAsync());
        Assert.Empty(result.Output); // -WhatIf emits no result objects, not even a summary of zeros
    }

    private async Task<bool> IndexExistsAsync(string index) =>
        (await _seed.SendAsync(HttpMethod.Get, "/" + index, allowError: true)) is JsonObject o && !o.ContainsKey("error");
}
