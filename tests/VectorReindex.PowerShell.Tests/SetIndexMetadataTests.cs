using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

public sealed class SetIndexMetadataTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public SetIndexMetadataTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private ScriptResult Run(string script, params (string, object?)[] vars) => _fixture.RunConnected(script, vars);

    /// <summary>id -> (version, embedding JSON text, tags JSON text) read back with _mget.</summary>
    private async Task<Dictionary<string, (long Version, string Embedding, string Tags)>> ReadAllAsync(string index, int count)
    {
        var result = new Dictionary<string, (long, string, string)>();
        for (var start = 0; start < count; start += 2000)
        {
            var ids = new JsonArray(Enumerable.Range(start, Math.Min(2000, count - start)).Select(n => (JsonNode?)JsonValue.Create("doc-" + n)).ToArray());
            var docs = (await _seed.SendAsync(HttpMethod.Post, await _seed.WithVectorsAsync($"/{index}/_mget"), new JsonObject { ["ids"] = ids }.ToJsonString()))!["docs"]!.AsArray();
            foreach (var d in docs)
                if (d!["found"]!.GetValue<bool>())
                    result[d["_id"]!.ToString()] = (d["_version"]!.GetValue<long>(), d["_source"]!["embedding"]!.ToJsonString(), d["_source"]!["tags"]!.ToJsonString());
        }
        return result;
    }

    [Fact]
    public async Task PipelineOf10000_UpdatesMetadataOnly_AndKeepsMigrationTargetInStep()
    {
        const int count = 10_000;
        var alias = "meta-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, count, Dims);
        Run("New-ShadowIndex -Alias $alias | Out-Null", ("alias", alias)).AssertNoErrors();
        // Stand in for a finished backfill: the target holds the source documents at the source versions.
        var copy = new StringBuilder();
        foreach (var (id, doc) in await ReadAllAsync(alias + "-v1", count))
            copy.Append($$$"""{"index":{"_index":"{{{alias}}}-v2","_id":"{{{id}}}","version":{{{doc.Version}}},"version_type":"external_gte"}}""").Append('\n')
                .Append($$"""{"title":"t","tags":{{doc.Tags}},"embedding":{{doc.Embedding}}}""").Append('\n');
        await _seed.SendAsync(HttpMethod.Post, "/_bulk?refresh=true", copy.ToString(), "application/x-ndjson");
        var sourceBefore = await ReadAllAsync(alias + "-v1", count);
        var targetBefore = await ReadAllAsync(alias + "-v2", count);

        var result = Run("""
            0..($count - 1) | ForEach-Object { [pscustomobject]@{ Id = "doc-$_"; Note = 'from a CSV' } } |
                Set-IndexMetadata -Index $alias -Set @{ tags = @('sale', 'summer') } -BatchSize 1000
            """, ("alias", alias), ("count", count)).AssertNoErrors();

        var summary = Assert.Single(result.Output);
        Assert.Equal(10_000L, summary.Properties["Updated"].Value);
        Assert.Equal(0L, summary.Properties["Failed"].Value);
        Assert.Equal(10_000L, summary.Properties["TargetUpdated"].Value);
        var sourceAfter = await ReadAllAsync(alias + "-v1", count);
        var targetAfter = await ReadAllAsync(alias + "-v2", count);
        foreach (var (id, before) in sourceBefore)
        {
            Assert.Equal(before.Embedding, sourceAfter[id].Embedding);
            Assert.Equal(targetBefore[id].Embedding, targetAfter[id].Embedding);
            Assert.Equal("[\"sale\",\"summer\"]", sourceAfter[id].Tags);
            Assert.Equal("[\"sale\",\"summer\"]", targetAfter[id].Tags);
            Assert.Equal(before.Version + 1, sourceAfter[id].Version);
            Assert.Equal(sourceAfter[id].Version, targetAfter[id].Version);
        }
    }

    [Fact]
    public async Task MissingIdsAndRemove_ReportPerDocument_AndRemoveKeepsVector()
    {
        var index = "meta-rm-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(index, null, Dims);
        await _seed.IndexDocumentsAsync(index, 0, 3, Dims);
        var before = await _seed.GetAsync(index, "doc-1");

        var result = Run("Set-IndexMetadata -Index $index -Id 'doc-1','nope' -Remove 'price' -Set @{ tags = @('x') }", ("index", index));

        var error = Assert.Single(result.Errors);
        Assert.Equal("DocumentNotFound,VectorReindex.PowerShell.Commands.SetIndexMetadataCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("nope", error.Exception.Message);
        var summary = Assert.Single(result.Output);
        Assert.Equal(1L, summary.Properties["Updated"].Value);
        Assert.Equal(1L, summary.Properties["Missing"].Value);
        var after = await _seed.GetAsync(index, "doc-1");
        Assert.Null(after["_source"]!["price"]);
        Assert.Equal(before["_source"]!["embedding"]!.ToJsonString(), after["_source"]!["embedding"]!.ToJsonString());
        Assert.Equal("[\"x\"]", after["_source"]!["tags"]!.ToJsonString());
    }

    [Theory]
    [InlineData("-Set @{ embedding = @(1, 0, 0, 0, 0, 0, 0, 0) }")]
    [InlineData("-Remove 'embedding'")]
    public async Task VectorFieldInSetOrRemove_IsTerminatingVectorFieldProtected_WithoutAMigration_AndWritesNothing(string change)
    {
        var index = "meta-vec-" + Guid.NewGuid().ToString("N")[..8];
        await _seed.CreateVectorIndexAsync(index, null, Dims);
        await _seed.IndexDocumentsAsync(index, 0, 2, Dims);
        var before = await _seed.GetAsync(index, "doc-1");

        var result = Run("Set-IndexMetadata -Index $index -Id 'doc-0','doc-1' " + change, ("index", index));

        Assert.Equal("VectorFieldProtected,VectorReindex.PowerShell.Commands.SetIndexMetadataCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.TerminatingError!.CategoryInfo.Category);
        Assert.Equal("embedding", result.TerminatingError.TargetObject);
        Assert.Contains("-Set and -Remove", result.TerminatingError.ErrorDetails.RecommendedAction);
        var after = await _seed.GetAsync(index, "doc-1");
        Assert.Equal(before["_version"]!.GetValue<long>(), after["_version"]!.GetValue<long>());
        Assert.Equal(before["_source"]!["embedding"]!.ToJsonString(), after["_source"]!["embedding"]!.ToJsonString());
    }

    [Fact]
    public void NoSetOrRemove_IsTerminatingNothingToUpdate()
    {
        var result = Run("Set-IndexMetadata -Index whatever -Id a");
        Assert.Equal("NothingToUpdate,VectorReindex.PowerShell.Commands.SetIndexMetadataCommand", result.TerminatingError?.FullyQualifiedErrorId);
    }
}
