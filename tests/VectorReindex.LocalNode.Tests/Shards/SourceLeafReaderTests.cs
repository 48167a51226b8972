using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Shards;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Shards;

public sealed class SourceLeafReaderTests
{
    [Theory]
    [InlineData("""{"v":[0.5,-1e-3,2],"a":"x","o":{"b":[1,"y",true,null],"v":[[1,2],[3]]},"o.b":2.50,"t":[{"c":"z"},{"c":["w"]}]}""")]
    [InlineData("""{"v":[],"a":["x",["y"]],"o":{"b":{"deeper":1}},"t":{"c":"\u00e9\"q"}}""")]
    [InlineData("""{"skip":[{"a":"not me"}],"a":"me","skip2":["[","]"],"o.b":false}""")]
    public void Read_VariedSources_FindsWhatCollectFindsSkippingUnreadArrays(string json)
    {
        var paths = new[] { "a", "o.b", "t.c" };
        var values = new List<LeafValue>();

        new SourceLeafReader(paths).Read(Encoding.UTF8.GetBytes(json), values);

        var source = JsonNode.Parse(json);
        for (var p = 0; p < paths.Length; p++)
        {
            var expected = new List<JsonNode>();
            SourceValues.Collect(source, paths[p], expected);
            Assert.Equal(
                expected.Select(v => v.ToString()).Order(StringComparer.Ordinal),
                values.Where(v => v.Path == p).Select(v => v.Text).Order(StringComparer.Ordinal));
            Assert.Equal(
                expected.Select(v => v.GetValueKind()).Order(),
                values.Where(v => v.Path == p).Select(v => v.Kind).Order());
        }
    }
}
