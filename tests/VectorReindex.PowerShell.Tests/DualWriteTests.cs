using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>Write-VectorDocument and Remove-VectorDocument during a migration, after cutover, and across a rollback.</summary>
public sealed class DualWriteTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public DualWriteTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private ScriptResult Run(string script, params (string, object?)[] vars) => _fixture.RunConnected(script, vars);

    /// <summary>A live index whose 8-dimension hashing model is recorded in _meta.embedder, behind an alias.</summary>
    private async Task<string> LiveAsync()
    {
        var alias = "dual-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.SendAsync(HttpMethod.Put, "/" + alias + "-v1", $$"""
            {
              "settings": { "number_of_replicas": 0 },
              "mappings": {
                "_meta": { "embedder": { "kind": "hashing", "model": "hashing-fnv1a64-v1", "dimensions": 8, "seed": 0, "description": "hashing 8" } },
                "properties": { "text": { "type": "text" }, "price": { "type": "double" }, "embedding": { "type": "dense_vector", "dims": 8, "similarity": "cosine" } }
              },
              "aliases": { "{{alias}}": { "is_write_index": true } }
            }
            """);
        return alias;
    }

    private async Task<JsonObject?> DocAsync(string index, string id)
    {
        var doc = await _seed.SendAsync(HttpMethod.Get, await _seed.WithVectorsAsync($"/{index}/_doc/{id}"), allowError: true);
        return doc?["found"]?.GetValue<bool>() == true ? doc.AsObject() : null;
    }

    [Fact]
    public async Task DuringMigration_WritesBothIndexes_WithTheSourceVersion_AndEachIndexsModel()
    {
        var alias = await LiveAsync();
        var result = Run("""
            New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField text | Out-Null
            Write-VectorDocument -Index $alias -Id a1 -Text 'red running shoe' -Metadata @{ price = 10 }
            Write-VectorDocument -Index $alias -Id a1 -Text 'red running shoe, waterproof' -Metadata @{ price = 12 }
            ('red running shoe, waterproof' | Test-VectorEmbedder (New-VectorEmbedder -Hashing -Dimensions 16)).Vector
            """, ("alias", alias)).AssertNoErrors();

        var summary = result.Output[1];
        Assert.Equal(alias + "-v2", summary.Properties["Second"].Value);
        Assert.Equal(1L, summary.Properties["SecondWritten"].Value);
        var live = (await DocAsync(alias + "-v1", "a1"))!;
        var target = (await DocAsync(alias + "-v2", "a1"))!;
        Assert.Equal(2, live["_version"]!.GetValue<int>());
        Assert.Equal(live["_version"]!.GetValue<int>(), target["_version"]!.GetValue<int>());
        Assert.Equal(8, live["_source"]!["embedding"]!.AsArray().Count);
        Assert.Equal(16, target["_source"]!["embedding"]!.AsArray().Count);
        var expected = result.Output.Skip(2).Select(o => Convert.ToSingle(o.BaseObject)).ToArray();
        Assert.Equal(expected, target["_source"]!["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
        Assert.Equal(12, target["_source"]!["price"]!.GetValue<int>());
    }

    [Fact]
    public async Task DuringMigration_OlderCopyCannotOverwriteNewerDualWrite()
    {
        var alias = await LiveAsync();
        Run("""
            New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField text | Out-Null
            Write-VectorDocument -Index $alias -Id b1 -Text 'v1 text'
            Write-VectorDocument -Index $alias -Id b1 -Text 'v2 text'
            """, ("alias", alias)).AssertNoErrors();

        // A backfill that read version 1 before the second write arrives late: versioning refuses it.
        var late = await _seed.SendAsync(HttpMethod.Put, $"/{alias}-v2/_doc/b1?version=1&version_type=external_gte", """{"text":"v1 text"}""", allowError: true);

        Assert.Equal(409, late!["status"]!.GetValue<int>());
        Assert.Equal("v2 text", (await DocAsync(alias + "-v2", "b1"))!["_source"]!["text"]!.ToString());
    }

    [Fact]
    public async Task DuringMigration_RemoveDeletesFromBoth_AndTheTombstoneBeatsALateCopy()
    {
        var alias = await LiveAsync();
        var result = Run("""
            New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField text | Out-Null
            Write-VectorDocument -Index $alias -Id c1 -Text 'to be deleted' | Out-Null
            'c1' | Remove-VectorDocument -Index $alias
            """, ("alias", alias)).AssertNoErrors();

        Assert.Equal(1L, Assert.Single(result.Output).Properties["Deleted"].Value);
        Assert.Null(await DocAsync(alias + "-v1", "c1"));
        Assert.Null(await DocAsync(alias + "-v2", "c1"));
        var late = await _seed.SendAsync(HttpMethod.Put, $"/{alias}-v2/_doc/c1?version=1&version_type=external_gte", """{"text":"to be deleted"}""", allowError: true);
        Assert.Equal(409, late!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task AfterCutover_WritesGoToNewThenOld_SoRollbackLosesNothing()
    {
        var alias = await LiveAsync();
        Run("""
            New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField text | Switch-IndexAlias -Force | Out-Null
            Write-VectorDocument -Index $alias -Id after-1 -Text 'written after the cutover' -Metadata @{ price = 5 } | Out-Null
            Write-VectorDocument -Index $alias -Id after-2 -Text 'also after the cutover' | Out-Null
            'after-2' | Remove-VectorDocument -Index $alias | Out-Null
            Switch-IndexAlias -Alias $alias -To ($alias + '-v1') -Force | Out-Null
            """, ("alias", alias)).AssertNoErrors();

        var aliasNow = await _seed.AliasAsync(alias);
        Assert.Equal(new[] { alias + "-v1" }, aliasNow.Keys.ToArray());
        var throughAlias = (await DocAsync(alias, "after-1"))!;
        Assert.Equal("written after the cutover", throughAlias["_source"]!["text"]!.ToString());
        Assert.Equal(8, throughAlias["_source"]!["embedding"]!.AsArray().Count); // the old index's own model
        Assert.Equal((await DocAsync(alias + "-v2", "after-1"))!["_version"]!.GetValue<int>(), throughAlias["_version"]!.GetValue<int>());
        Assert.Null(await DocAsync(alias, "after-2"));
    }

    [Fact]
    public async Task VectorWithNaNOrOutOfFloatRange_IsPerDocumentVectorNotFinite_AndTheOthersAreWritten()
    {
        var alias = await LiveAsync();

        var result = Run("""
            $ok = [float[]](1..8)
            [pscustomobject]@{ Id = 'ok'; Vector = $ok },
            [pscustomobject]@{ Id = 'nan'; Vector = [float[]](1, 2, [double]::NaN, 4, 5, 6, 7, 8) },
            [pscustomobject]@{ Id = 'huge'; Vector = [double[]](1, 2, 3, 4, 5, 6, 7, 1e300) } |
                Write-VectorDocument -Index $alias
            """, ("alias", alias));

        Assert.Null(result.TerminatingError);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("VectorNotFinite,VectorReindex.PowerShell.Commands.WriteVectorDocumentCommand", e.FullyQualifiedErrorId));
        Assert.Equal(new[] { alias + "-v1/huge", alias + "-v1/nan" }, result.Errors.Select(e => e.TargetObject?.ToString()).OrderBy(t => t, StringComparer.Ordinal));
        Assert.Equal(1L, Assert.Single(result.Output).Properties["Written"].Value);
        Assert.NotNull(await DocAsync(alias, "ok"));
        Assert.Null(await DocAsync(alias, "nan"));
    }

    [Fact]
    public async Task RoutedDocument_IsWrittenUpdatedAndRemovedWithItsRouting_OnAThreeShardIndex()
    {
        var alias = "dual-routed-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, 8, shards: 3);
        var ids = Enumerable.Range(0, 6).Select(n => "r" + n).ToArray();

        var written = Run("""
            $ids | ForEach-Object { [pscustomobject]@{ Id = $_; _routing = "tenant-$_"; Vector = [float[]](1..8) } } | Write-VectorDocument -Index $alias
            $ids | ForEach-Object { [pscustomobject]@{ Id = $_; _routing = "tenant-$_" } } | Set-IndexMetadata -Index $alias -Set @{ tags = @('routed') }
            """, ("alias", alias), ("ids", ids)).AssertNoErrors();

        Assert.Equal(6L, written.Output[0].Properties["Written"].Value);
        Assert.Equal(6L, written.Output[1].Properties["Updated"].Value);
        foreach (var id in ids)
        {
            var doc = await _seed.SendAsync(HttpMethod.Get, $"/{alias}/_doc/{id}?routing=tenant-{id}");
            Assert.Equal("tenant-" + id, doc!["_routing"]!.ToString());
            Assert.Equal("[\"routed\"]", doc["_source"]!["tags"]!.ToJsonString());
        }
        Assert.Equal(6L, await _seed.CountAsync(alias));

        var removed = Run("$ids | ForEach-Object { Remove-VectorDocument -Index $alias -Id $_ -Routing \"tenant-$_\" }", ("alias", alias), ("ids", ids)).AssertNoErrors();

        Assert.All(removed.Output, o => Assert.Equal(1L, o.Properties["Deleted"].Value));
        Assert.Equal(0L, await _seed.CountAsync(alias));
    }

    [Fact]
    public async Task WithoutMigration_WritesLiveOnly()
    {
        var alias = await LiveAsync();
        var result = Run("Write-VectorDocument -Index $alias -Id d1 -Text 'plain write'", ("alias", alias)).AssertNoErrors();

        var summary = Assert.Single(result.Output);
        Assert.Null(summary.Properties["Second"].Value);
        Assert.Equal(1L, summary.Properties["Written"].Value);
    }
}
