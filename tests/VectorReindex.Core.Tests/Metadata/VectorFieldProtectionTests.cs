using System.Text.Json.Nodes;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Metadata;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Metadata;

/// <summary>A metadata update refuses any dense_vector field, with or without a migration in flight, before writing anything.</summary>
public sealed class VectorFieldProtectionTests : IClassFixture<EngineFixture>
{
    private const int Dims = 4;
    private readonly EngineFixture _fixture;

    public VectorFieldProtectionTests(EngineFixture fixture) => _fixture = fixture;

    /// <summary>An index (no alias, no migration) with a top-level vector and one inside an object field.</summary>
    private async Task<string> IndexAsync()
    {
        var index = "protect-" + Guid.NewGuid().ToString("N")[..8];
        await _fixture.Seed.SendAsync(HttpMethod.Put, "/" + index, """
            { "mappings": { "properties": {
                "tags": { "type": "keyword" },
                "embedding": { "type": "dense_vector", "dims": 4, "similarity": "l2_norm" },
                "extra": { "properties": { "note": { "type": "keyword" }, "vec": { "type": "dense_vector", "dims": 4, "similarity": "l2_norm" } } } } } }
            """);
        await _fixture.Seed.SendAsync(HttpMethod.Put, $"/{index}/_doc/d1?refresh=true",
            """{ "tags": ["a"], "embedding": [1, 2, 3, 4], "extra": { "note": "n", "vec": [4, 3, 2, 1] } }""");
        return index;
    }

    private Task<MetadataUpdater> OpenAsync(string index, JsonObject? set, params string[] remove) =>
        _fixture.Engine.OpenMetadataUpdateAsync(new MetadataUpdateOptions { Index = index, Set = set, Remove = remove.Length == 0 ? null : remove }, MigrationObserver.None, default);

    public static TheoryData<string, string?, string?> Touches => new()
    {
        { "embedding", """{ "embedding": [0, 0, 0, 1] }""", null },
        { "embedding", null, "embedding" },
        { "extra.vec", """{ "extra": { "vec": [0, 0, 0, 1] } }""", null },
        { "extra.vec", """{ "extra.vec": [0, 0, 0, 1] }""", null },
        { "extra.vec", """{ "extra": null }""", null },
        { "extra.vec", null, "extra" },
        { "extra.vec", null, "extra.vec" },
    };

    [Theory]
    [MemberData(nameof(Touches))]
    public async Task Update_TouchingAVectorField_IsRefusedVectorFieldProtected_AndWritesNothing(string field, string? set, string? remove)
    {
        var index = await IndexAsync();
        var before = await _fixture.Seed.GetAsync(index, "d1");

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            OpenAsync(index, set == null ? null : JsonNode.Parse(set)!.AsObject(), remove == null ? Array.Empty<string>() : new[] { remove }));

        Assert.Equal(MigrationErrorCodes.VectorFieldProtected, refused.ErrorId);
        Assert.Equal(field, refused.Target);
        Assert.Contains(field, refused.Message);
        var after = await _fixture.Seed.GetAsync(index, "d1");
        Assert.Equal(before["_version"]!.GetValue<long>(), after["_version"]!.GetValue<long>());
        Assert.Equal(before["_source"]!.ToJsonString(), after["_source"]!.ToJsonString());
    }

    [Fact]
    public async Task Update_BesideTheVectorFields_SetsAndRemovesMetadata_AndKeepsBothVectors()
    {
        var index = await IndexAsync();

        var updater = await OpenAsync(index, JsonNode.Parse("""{ "tags": ["b"], "extra": { "note": "m" } }""")!.AsObject(), "tags.missing");
        var failures = await updater.ApplyAsync(new[] { "d1" }, default);

        Assert.Empty(failures);
        var source = (await _fixture.Seed.GetAsync(index, "d1"))["_source"]!;
        Assert.Equal("""["b"]""", source["tags"]!.ToJsonString());
        Assert.Equal("m", source["extra"]!["note"]!.ToString());
        Assert.Equal("[1,2,3,4]", source["embedding"]!.ToJsonString());
        Assert.Equal("[4,3,2,1]", source["extra"]!["vec"]!.ToJsonString());
    }

    [Fact]
    public async Task UpdateThroughAlias_SettingTheTargetsVectorField_IsRefusedDuringAMigration()
    {
        var alias = await _fixture.LiveAliasAsync("protect-mig", 3, 8);
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, VectorField = "embedding" }, MigrationObserver.None, default);
        await engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        await _fixture.Seed.SendAsync(HttpMethod.Put, $"/{alias}-v2/_mapping", """{ "properties": { "embedding_next": { "type": "dense_vector", "dims": 8, "similarity": "cosine" } } }""");

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => OpenAsync(alias, JsonNode.Parse("""{ "embedding_next": [1, 0, 0, 0, 0, 0, 0, 0] }""")!.AsObject()));

        Assert.Equal(MigrationErrorCodes.VectorFieldProtected, refused.ErrorId);
        Assert.Equal("embedding_next", refused.Target);
    }
}
