using System.Text;
using VectorReindex.LocalNode.Shards;
using Xunit;

namespace VectorReindex.LocalNode.Tests.Shards;

public class DocumentsByIdTests
{
    private static StoredDocument Version(string id, long version)
        => new(id, version, version, 1, Encoding.UTF8.GetBytes("{}"), null, null);

    [Fact]
    public void Set_SameIdAgain_ReplacesTheHeldVersion()
    {
        var documents = new DocumentsById();
        documents.Set(Version("a", 1));
        documents.Set(Version("b", 1));

        documents.Set(Version("a", 2));

        Assert.Equal(2, documents.Count);
        Assert.True(documents.TryGetValue("a", out var a));
        Assert.Equal(2, a.Version);
        Assert.Equal(new[] { "a", "b" }, documents.Select(d => d.Id).Order());
    }

    [Fact]
    public void Remove_ById_LeavesTheOthers()
    {
        var documents = new DocumentsById();
        documents.Set(Version("a", 1));
        documents.Set(Version("b", 1));

        Assert.True(documents.Remove("a"));

        Assert.False(documents.Remove("a"));
        Assert.False(documents.TryGetValue("a", out _));
        Assert.True(documents.TryGetValue("b", out _));
        Assert.Single(documents);
    }
}
