using VectorReindex.LocalNode.Shards;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Shards;

public class SingleVectorMapTests
{
    [Fact]
    public void With_OneField_IsTheCompactMapHoldingTheVector()
    {
        var map = SingleVectorMap.With(null, "v", new StoredVector(new float[] { 1, 2 }));

        Assert.IsType<SingleVectorMap>(map);
        Assert.Equal(new float[] { 1, 2 }, map["v"].Floats.ToArray());
        Assert.False(map.ContainsKey("w"));
    }

    [Fact]
    public void With_SameFieldAgain_KeepsTheLastVector()
    {
        var first = SingleVectorMap.With(null, "v", new StoredVector(new float[] { 1, 2 }));

        var map = SingleVectorMap.With(first, "v", new StoredVector(new float[] { 3, 4 }));

        Assert.Single(map);
        Assert.Equal(new float[] { 3, 4 }, map["v"].Floats.ToArray());
    }

    [Fact]
    public void With_SecondField_HoldsBothVectors()
    {
        var first = SingleVectorMap.With(null, "v", new StoredVector(new float[] { 1, 2 }));

        var map = SingleVectorMap.With(SingleVectorMap.With(first, "w", new StoredVector(new sbyte[] { 5 })), "x", new StoredVector(new float[] { 6 }));

        Assert.Equal(3, map.Count);
        Assert.Equal(new float[] { 1, 2 }, map["v"].Floats.ToArray());
        Assert.Equal(new sbyte[] { 5 }, map["w"].Bytes);
        Assert.Equal(new float[] { 6 }, map["x"].Floats.ToArray());
    }
}
