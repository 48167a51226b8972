using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Tests.Elasticsearch;

public sealed class ClusterCapabilitiesTests
{
    private static ClusterCapabilities Es(string version) => ClusterCapabilities.For(ServerVersion.Parse(version));

    [Theory]
    [InlineData("8.17.0", VectorsInSource.Always)]
    [InlineData("8.18.2", VectorsInSource.Always)]
    [InlineData("8.19.0", VectorsInSource.SourceFilterOption)]
    [InlineData("9.0.4", VectorsInSource.Always)]
    [InlineData("9.1.0", VectorsInSource.SourceFilterOption)]
    [InlineData("9.2.0", VectorsInSource.QueryParameter)]
    [InlineData("9.4.0", VectorsInSource.QueryParameter)]
    public void VectorsInSource_IsAskedTheWayTheVersionTakesIt(string version, VectorsInSource expected)
    {
        Assert.Equal(expected, Es(version).VectorsInSource);
        Assert.Equal(expected != VectorsInSource.Always, Es(version).ExcludeSourceVectorsSetting);
    }

    [Theory]
    [InlineData("8.16.0", false, false, false)]
    [InlineData("8.17.0", true, false, false)]
    [InlineData("9.1.0", true, false, false)]
    [InlineData("9.2.0", true, true, false)]
    [InlineData("9.3.0", true, true, true)]
    public void IndexCreationFeatures_FollowTheVersion(string version, bool sourceModeSetting, bool excludesVectorsByDefault, bool bfloat16)
    {
        var capabilities = Es(version);
        Assert.Equal(sourceModeSetting, capabilities.SourceModeSetting);
        Assert.Equal(excludesVectorsByDefault, capabilities.ExcludesSourceVectorsByDefault);
        Assert.Equal(bfloat16, capabilities.BFloat16Vectors);
    }

    [Theory]
    [InlineData("8.15.0", "bbq_hnsw", false)]
    [InlineData("8.16.0", "bbq_hnsw", true)]
    [InlineData("8.14.0", "int4_hnsw", false)]
    [InlineData("8.15.0", "int4_flat", true)]
    [InlineData("9.1.0", "bbq_disk", false)]
    [InlineData("9.2.0", "bbq_disk", true)]
    [InlineData("9.2.0", "no_such_type", false)]
    public void KnowsIndexOptionsType_FollowsTheVersion(string version, string type, bool expected) =>
        Assert.Equal(expected, Es(version).KnowsIndexOptionsType(type));
}
