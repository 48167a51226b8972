using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Compatibility;

/// <summary>
/// Synthetic _source asked for on a cluster without an Enterprise licence (the node's, a fresh
/// cluster's basic licence): the index keeps stored source and says so in index.mapping.source.mode.
/// _source.mode in a mapping asks for it on 8.x only; on 9.x it has no effect.
/// </summary>
public sealed class SourceModeByVersionTests
{
    private const string Document = """{"tags":["b","a","b"],"n":[3,1]}""";

    private static async Task<(string? Mode, JsonNode Source)> CreateAndReadAsync(string version, string indexBody)
    {
        await using var node = await TestNode.StartAsync(esVersion: version);
        Assert.Equal(HttpStatusCode.OK, (await node.PutAsync("/items", indexBody)).Status);
        Assert.Equal(HttpStatusCode.Created, (await node.PutAsync("/items/_doc/1?refresh=true", Document)).Status);
        var settings = (await node.GetAsync("/items/_settings?flat_settings=true")).Body!["items"]!["settings"]!;
        var source = (await node.GetAsync("/items/_doc/1")).Body!["_source"]!;
        return ((string?)settings["index.mapping.source.mode"], source);
    }

    [Theory]
    [InlineData("8.17.0")]
    [InlineData("9.0.0")]
    [InlineData("9.4.0")]
    public async Task SyntheticSourceSetting_WithoutEnterpriseLicence_FallsBackToStored(string version)
    {
        var (mode, source) = await CreateAndReadAsync(version, """{"settings":{"index.mapping.source.mode":"synthetic"},"mappings":{"properties":{"tags":{"type":"keyword"},"n":{"type":"long"}}}}""");

        Assert.Equal("stored", mode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Document), source), source.ToJsonString());
    }

    [Theory]
    [InlineData("8.17.0", "stored")]
    [InlineData("9.0.0", null)]
    [InlineData("9.4.0", null)]
    public async Task SourceModeInMapping_AsksForSyntheticSourceOn8xOnly(string version, string? expectedMode)
    {
        var (mode, source) = await CreateAndReadAsync(version, """{"mappings":{"_source":{"mode":"synthetic"},"properties":{"tags":{"type":"keyword"},"n":{"type":"long"}}}}""");

        Assert.Equal(expectedMode, mode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Document), source), source.ToJsonString());
    }

    [Fact]
    public async Task StoredSourceSetting_IsKeptAsGiven()
    {
        var (mode, _) = await CreateAndReadAsync("9.4.0", """{"settings":{"index.mapping.source.mode":"stored"}}""");

        Assert.Equal("stored", mode);
    }
}
