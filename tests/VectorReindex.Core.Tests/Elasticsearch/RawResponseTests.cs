using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Tests.Elasticsearch;

/// <summary>The pooled body a PIT page is read into.</summary>
public sealed class RawResponseTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(200_000)] // past the first rented buffer (64 KiB): the buffer grows and keeps every byte
    public async Task ReadPooled_ABodyOfAnySize_KeepsExactlyItsBytes(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray();
        using var stream = new MemoryStream(bytes);

        using var response = await RawResponse.ReadPooledAsync(200, stream, null, "Elasticsearch", new Uri("http://127.0.0.1:9200/"), default);

        Assert.Equal(bytes, response.Body.ToArray());
    }

    [Fact]
    public async Task ReadPooled_Disposed_BodyIsEmptyNotTheReturnedBuffer()
    {
        using var stream = new MemoryStream("""{"hits":{"hits":[]}}"""u8.ToArray());
        var response = await RawResponse.ReadPooledAsync(200, stream, null, null, new Uri("http://127.0.0.1:9200/"), default);
        using (var document = response.ParseDocument())
            Assert.Equal(0, document.RootElement.GetProperty("hits").GetProperty("hits").GetArrayLength());

        response.Dispose();
        response.Dispose(); // twice is harmless: the buffer goes back to the pool once

        Assert.True(response.Body.IsEmpty);
    }
}
