using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Tests;

public sealed class SourceMergeTests
{
    private static (string Merged, bool Changed) Merge(string source, string changes)
    {
        var (bytes, changed) = SourceMerge.Apply(Encoding.UTF8.GetBytes(source), JsonNode.Parse(changes)!.AsObject());
        return (Encoding.UTF8.GetString(bytes), changed);
    }

    [Fact]
    public void Apply_UntouchedFields_AreCopiedByteForByte()
    {
        var (merged, changed) = Merge("""{"v":[0.10000000149011612,-2.5e-3,1E+2],"price":1}""", """{"price":2}""");

        Assert.True(changed);
        Assert.Equal("""{"v":[0.10000000149011612,-2.5e-3,1E+2],"price":2}""", merged);
    }

    [Fact]
    public void Apply_SameValues_IsNoChange()
    {
        var (_, changed) = Merge("""{"a":{"b":1,"c":[1,2]},"t":"x"}""", """{"a":{"b":1},"t":"x"}""");
        Assert.False(changed);
    }

    [Fact]
    public void Apply_ObjectsMergeDeeply_OtherValuesReplaced_NewKeysAppended()
    {
        var (merged, changed) = Merge("""{"a":{"b":1,"c":2},"l":[1,2],"s":"x"}""", """{"a":{"c":3,"d":4},"l":[9],"n":null,"z":true}""");

        Assert.True(changed);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":1,"c":3,"d":4},"l":[9],"s":"x","n":null,"z":true}"""), JsonNode.Parse(merged)));
    }
}
