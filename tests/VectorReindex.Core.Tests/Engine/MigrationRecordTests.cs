using System.Text.Json.Nodes;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>Records other builds wrote: version 1 (no schema_version, no cluster identities) is read; a newer format is refused by name.</summary>
public sealed class MigrationRecordTests : IClassFixture<EngineFixture>
{
    private readonly EngineFixture _fixture;

    public MigrationRecordTests(EngineFixture fixture) => _fixture = fixture;

    private async Task<string> IndexWithRecordAsync(string stem, JsonObject record)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 5, 8);
        record["alias"] = alias;
        record["source"] = alias + "-v1";
        record["target"] = alias + "-v2";
        var mappings = new JsonObject
        {
            ["_meta"] = new JsonObject { [VectorMigration.MetaKey] = record },
            ["properties"] = new JsonObject { ["embedding"] = new JsonObject { ["type"] = "dense_vector", ["dims"] = 8 } },
        };
        await _fixture.Seed.SendAsync(HttpMethod.Put, "/" + alias + "-v2", new JsonObject { ["mappings"] = mappings }.ToJsonString());
        return alias;
    }

    [Fact]
    public async Task RecordWithoutSchemaVersion_IsReadAsVersion1_OnTheClusterItWasReadFrom()
    {
        var alias = await IndexWithRecordAsync("v1", new JsonObject
        {
            ["id"] = "0123456789abcdef",
            ["vector_field"] = "embedding",
            ["phase"] = "Backfilled",
            ["backfill"] = new JsonObject { ["layout"] = "slices=2;sort=_shard_doc", ["total"] = 5 },
        });

        var found = await _fixture.Engine.FindInFlightAsync(alias, MigrationObserver.None, default);

        Assert.NotNull(found);
        Assert.Equal(1, found!.SchemaVersion);
        Assert.Equal(MigrationPhase.Backfilled, found.Phase);
        Assert.Equal(5L, found.Backfill!.Total);
        Assert.Equal(_fixture.Cluster.Identity, found.TargetCluster);
        Assert.Equal(_fixture.Cluster.Identity, found.SourceCluster);
    }

    [Fact]
    public async Task RecordFromANewerFormat_IsRefusedWithRecordSchemaUnsupported()
    {
        var alias = await IndexWithRecordAsync("v99", new JsonObject { ["schema_version"] = 99, ["vector_field"] = "embedding", ["phase"] = "Created" });
        try
        {
            var lookup = new MigrationLookup { Source = alias + "-v1", Target = alias + "-v2" };
            var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => _fixture.Engine.ResolveAsync(lookup, MigrationObserver.None, default));

            Assert.Equal(MigrationErrorCodes.RecordSchemaUnsupported, refused.ErrorId);
            Assert.Equal(alias + "-v2", refused.Target);
            Assert.Contains("schema version 99", refused.Message);
        }
        finally
        {
            await _fixture.Seed.SendAsync(HttpMethod.Delete, "/" + alias + "-v2");
        }
    }
}
