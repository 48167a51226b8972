using VectorReindex.Core.Documents;

namespace VectorReindex.Core.Tests.Documents;

public sealed class BFloat16Tests
{
    [Theory]
    [InlineData(1.0f, 1.0f)]
    [InlineData(1.00390625f, 1.0f)]        // halfway: ties to even (down)
    [InlineData(1.01171875f, 1.015625f)]   // halfway: ties to even (up)
    [InlineData(1.005f, 1.0078125f)]       // nearest
    [InlineData(0.1f, 0.10009765625f)]
    [InlineData(-2.5f, -2.5f)]
    public void Round_IsNearestTiesToEven_AsElasticsearchStoresIt(float value, float expected) =>
        Assert.Equal(expected, BFloat16.Round(value));
}
