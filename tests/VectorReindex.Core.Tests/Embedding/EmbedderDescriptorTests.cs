using System.Text.Json;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Core.Tests.Embedding;

public sealed class EmbedderDescriptorTests
{
    [Fact]
    public void ToJson_Hashing_IsSnakeCaseWithLowercaseKind()
    {
        var json = JsonDocument.Parse(EmbedderDescriptor.Hashing(384, 7).ToJson()).RootElement;

        Assert.Equal("hashing", json.GetProperty("kind").GetString());
        Assert.Equal(HashingEmbeddingGenerator.Algorithm, json.GetProperty("model").GetString());
        Assert.Equal(384, json.GetProperty("dimensions").GetInt32());
        Assert.Equal(7, json.GetProperty("seed").GetInt32());
        Assert.Contains("lexical, not semantic", json.GetProperty("description").GetString());
        Assert.False(json.TryGetProperty("endpoint", out _));
    }

    [Fact]
    public void FromJson_RoundTripsEveryKind()
    {
        var descriptors = new[]
        {
            EmbedderDescriptor.Copy(),
            EmbedderDescriptor.Hashing(16, -3),
            EmbedderDescriptor.OpenAI(new Uri("https://api.example.test/v1"), "text-embedding-3-small", 512),
            EmbedderDescriptor.ScriptBlock("my-model", 8),
            EmbedderDescriptor.Custom(null, null, "MyGenerator"),
        };

        foreach (var d in descriptors)
        {
            var back = EmbedderDescriptor.FromJson(d.ToJson());
            Assert.Equal(d, back);
            Assert.Equal(d.Description, back.Description);
        }
    }

    [Fact]
    public void FromJson_UnknownPropertiesAndNoDescription_Accepted()
    {
        var d = EmbedderDescriptor.FromJson("""{"kind":"script_block","future_field":{"a":1}}""");

        Assert.Equal(EmbedderKind.ScriptBlock, d.Kind);
        Assert.Equal("ScriptBlock", d.Description);
    }

    [Fact]
    public void OpenAI_EndpointWithQuery_RecordsNoQuery()
    {
        var d = EmbedderDescriptor.OpenAI(new Uri("https://res.example.test/openai/deployments/e?api-version=2024-02-01&token=abc"), "e", null);

        Assert.Equal("https://res.example.test/openai/deployments/e", d.Endpoint);
        Assert.DoesNotContain("token", d.ToJson());
    }

    [Fact]
    public void Equals_DifferentSeed_NotEqual()
    {
        Assert.NotEqual(EmbedderDescriptor.Hashing(16, 1), EmbedderDescriptor.Hashing(16, 2));
        Assert.Equal(EmbedderDescriptor.Hashing(16, 1), EmbedderDescriptor.Hashing(16, 1));
    }
}
