using System.Reflection;
using System.Text.Json.Nodes;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// The module's own Core assembly, loaded from the packaged folder (the test project does not
/// reference Core, so the module and the tests share exactly the shipped copy). Used where a test
/// must compute what the module computes, such as a hashing embedder's vector for a text.
/// </summary>
public static class PackagedCore
{
    private static readonly Assembly Core =
        Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(PowerShellHost.ManifestPath)!, "VectorReindex.Core.dll"));

    public static Func<string, float[]> HashingEmbedder(int dimensions)
    {
        var type = Core.GetType("VectorReindex.Core.Embedding.HashingEmbeddingGenerator", throwOnError: true)!;
        var generator = Activator.CreateInstance(type, dimensions, 0)!;
        var embed = type.GetMethod("Embed", new[] { typeof(string) })!;
        return text => (float[])embed.Invoke(generator, new object[] { text })!;
    }

    public static JsonArray ToJson(float[] vector) => new(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
