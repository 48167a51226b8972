using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>New-VectorIndex through the hosted runspace: the first live index from an empty cluster.</summary>
public sealed class NewVectorIndexTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public NewVectorIndexTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private static string Unique(string stem) => stem + "-" + Guid.NewGuid().ToString("N")[..8];

    private ScriptResult Run(string script, params (string, object?)[] vars) => _fixture.RunConnected(script, vars);

    [Fact]
    public async Task NewVectorIndex_CreatesV1AsWriteIndex_WithModelRecorded_ThatWriteVectorDocumentUses()
    {
        var alias = Unique("fresh");

        var result = Run("""
            $m = New-VectorEmbedder -Hashing -Dimensions 12 -Seed 3
            New-VectorIndex -Alias $alias -Embedder $m -Shards 2 -IndexOptions @{ type = 'int8_hnsw' } -Mapping @{ properties = @{ price = @{ type = 'double' } } }
            Write-VectorDocument -Index $alias -Id p1 -Text 'red running shoe' -Metadata @{ price = 59.9 } | Out-Null
            """, ("alias", alias)).AssertNoErrors();

        var created = Assert.Single(result.Output);
        Assert.Equal(alias + "-v1", created.Properties["Index"].Value);
        Assert.Equal(12, created.Properties["Dimensions"].Value);
        Assert.Equal("cosine", created.Properties["Similarity"].Value);
        Assert.Equal(new Dictionary<string, bool?> { [alias + "-v1"] = true }, await _seed.AliasAsync(alias));
        var index = (await _seed.SendAsync(HttpMethod.Get, "/" + alias + "-v1"))![alias + "-v1"]!;
        var mappings = index["mappings"]!;
        Assert.Equal("dense_vector", mappings["properties"]!["embedding"]!["type"]!.ToString());
        Assert.Equal(12, (int)mappings["properties"]!["embedding"]!["dims"]!);
        Assert.Equal("int8_hnsw", mappings["properties"]!["embedding"]!["index_options"]!["type"]!.ToString());
        Assert.Equal("text", mappings["properties"]!["text"]!["type"]!.ToString());
        Assert.Equal("double", mappings["properties"]!["price"]!["type"]!.ToString());
        Assert.Equal("2", index["settings"]!["index"]!["number_of_shards"]!.ToString());
        var embedder = mappings["_meta"]!["embedder"]!;
        Assert.Equal("hashing", embedder["kind"]!.ToString());
        Assert.Equal(3, (int)embedder["seed"]!);

        // Write-VectorDocument was given no embedder: it found the recorded model and made its 12-dim vector.
        var doc = await _seed.GetAsync(alias, "p1");
        Assert.Equal(12, doc["_source"]!["embedding"]!.AsArray().Count);
        Assert.Equal("red running shoe", doc["_source"]!["text"]!.ToString());
    }

    [Fact]
    public async Task NewVectorIndex_WhatIf_CreatesNothing_AndOutputsNothing()
    {
        var alias = Unique("whatif");
        var before = await _seed.SnapshotAsync();

        var result = Run("New-VectorEmbedder -Hashing -Dimensions 8 | ForEach-Object { New-VectorIndex -Alias $alias -Embedder $_ -WhatIf }", ("alias", alias)).AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Equal(before, await _seed.SnapshotAsync());
    }

    [Fact]
    public async Task NewVectorIndex_RefusesExistingNamesAndBadInput_WithStableErrorIds()
    {
        var taken = Unique("taken");
        Run("New-VectorIndex -Alias $a -Embedder (New-VectorEmbedder -Hashing -Dimensions 8) | Out-Null", ("a", taken)).AssertNoErrors();
        var plainIndex = Unique("plain");
        await _seed.CreateVectorIndexAsync(plainIndex, null, 8);
        var orphan = Unique("orphan");
        await _seed.CreateVectorIndexAsync(orphan + "-v1", null, 8);

        var cases = new (string Script, string Id, string Hint)[]
        {
            ($"New-VectorIndex -Alias {taken} -Embedder $m", "AliasExists", "New-ShadowIndex"),
            ($"New-VectorIndex -Alias {plainIndex} -Embedder $m", "IndexExists", "another alias name"),
            ($"New-VectorIndex -Alias {orphan} -Embedder $m", "IndexExists", orphan + "-v1"),
            ("New-VectorIndex -Alias Products -Embedder $m", "InvalidAliasName", "lowercase"),
            ("New-VectorIndex -Alias fresh-dims -Embedder $m -Dimensions 16", "DimensionsMismatch", "8-dimension"),
            ("New-VectorIndex -Alias fresh-copy -Embedder (New-VectorEmbedder -Copy)", "EmbedderRequired", "New-VectorEmbedder"),
            ("New-VectorIndex -Alias fresh-sb -Embedder { param($t) }", "DimensionsRequired", "-Dimensions"),
            ("New-VectorIndex -Alias fresh-map -Embedder $m -Mapping @{ properties = @{ embedding = @{ type = 'keyword' } } }", "MappingOverridesVectorField", "-Mapping"),
            ("New-VectorIndex -Alias fresh-field -Embedder $m -VectorField a.b", "InvalidFieldName", "top-level"),
        };
        var snapshot = await _seed.SnapshotAsync();
        foreach (var (text, id, hint) in cases)
        {
            var result = Run("$m = New-VectorEmbedder -Hashing -Dimensions 8\n" + text);
            var error = result.TerminatingError;
            Assert.True(error != null, $"{text}: no terminating error");
            Assert.Equal(id + ",VectorReindex.PowerShell.Commands.NewVectorIndexCommand", error!.FullyQualifiedErrorId);
            Assert.Contains(hint, error.Exception.Message);
        }
        Assert.Equal(snapshot, await _seed.SnapshotAsync());
    }
}
