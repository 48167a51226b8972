using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Compatibility;

public sealed class PresentedVersionTests
{
    [Theory]
    [InlineData("8.17.0", "9.12.0", "7.17.0", "7.0.0")]
    [InlineData("8.19.0", "9.12.2", "7.17.0", "7.0.0")]
    [InlineData("9.0.0", "10.1.0", "8.18.0", "8.0.0")]
    [InlineData("9.3.0", "10.3.2", "8.19.0", "8.0.0")]
    [InlineData("9.4.0", "10.4.0", "8.19.0", "8.0.0")]
    public async Task GetRoot_ReportsThePresentedRelease(string version, string lucene, string wire, string index)
    {
        await using var node = await TestNode.StartAsync(esVersion: version);

        var (status, body) = await node.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        var v = body!["version"]!;
        Assert.Equal(version, (string?)v["number"]);
        Assert.Equal(lucene, (string?)v["lucene_version"]);
        Assert.Equal(wire, (string?)v["minimum_wire_compatibility_version"]);
        Assert.Equal(index, (string?)v["minimum_index_compatibility_version"]);
        Assert.Equal("default", (string?)v["build_flavor"]);
        Assert.Equal(40, ((string?)v["build_hash"])!.Length);
        Assert.Equal(version, node.Server.PresentedVersion);
    }

    [Fact]
    public void Default_IsTheNewest9x()
    {
        Assert.Equal("9.4.0", new LocalNodeOptions().EsVersion);
        Assert.Equal("9.4.0", LocalNodeOptions.Parse(Array.Empty<string>(), _ => null).EsVersion);
    }

    [Theory]
    [InlineData("7.17.0")]
    [InlineData("9.9.0")]
    [InlineData("nine")]
    public void Parse_UnimplementedVersion_NamesTheOption(string version)
    {
        var ex = Assert.Throws<ArgumentException>(() => LocalNodeOptions.Parse(new[] { "--es-version", version }, _ => null));
        Assert.Contains("--es-version", ex.Message);
        Assert.Contains("8.17.0", ex.Message);
        Assert.Contains("9.4.0", ex.Message);
    }

    [Fact]
    public async Task StartAsync_UnimplementedVersion_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = "6.8.0" }));
    }
}
