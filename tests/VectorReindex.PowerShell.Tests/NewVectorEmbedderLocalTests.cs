using System.Management.Automation;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>New-VectorEmbedder -Local through a real runspace with the packaged module: the companion assembly and the real model.</summary>
public sealed class NewVectorEmbedderLocalTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _fixture;
    private readonly PowerShellHost _host;

    public NewVectorEmbedderLocalTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _host = fixture.Host;
    }

    private static T Prop<T>(PSObject o, string name) => (T)o.Properties[name].Value;

    [Fact]
    public void Local_MiniLM_LocalEmbedderOf384UnitVectorsRecordingTheModel()
    {
        var result = _host.Run("""
            $m = New-VectorEmbedder -Local MiniLM
            $m.Kind.ToString(); $m.Model; $m.Dimensions; $m.Descriptor.ToJson()
            Test-VectorEmbedder $m -Text 'A kitten naps on the couch.', 'The cat is sleeping on the sofa.', 'Quarterly revenue grew.'
            """).AssertNoErrors();

        Assert.Equal("Local", result.Output[0].ToString());
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", result.Output[1].ToString());
        Assert.Equal(384, (int)result.Output[2].BaseObject);
        Assert.Contains("\"kind\":\"local\"", result.Output[3].ToString());
        var tests = result.Output.Skip(4).ToList();
        Assert.All(tests, o => Assert.Equal(384, Prop<int>(o, "Dimensions")));
        Assert.All(tests, o => Assert.InRange(Prop<double>(o, "Norm"), 1 - 1e-4, 1 + 1e-4));
        double Dot(int a, int b) => Prop<float[]>(tests[a], "Vector").Zip(Prop<float[]>(tests[b], "Vector"), (x, y) => (double)x * y).Sum();
        Assert.True(Dot(0, 1) > Dot(0, 2), $"kitten/cat {Dot(0, 1):F3} vs kitten/revenue {Dot(0, 2):F3}");
    }

    [Fact]
    public void Local_WithCache_SecondEmbedOfTheSameTextComesFromTheSessionCache()
    {
        var result = _host.Run("""
            $text = "cache probe $([guid]::NewGuid())"
            $m = New-VectorEmbedder -Local ArcticXs -Cache
            $before = $m.Generator.Cache.Count
            $first = Test-VectorEmbedder $m -Text $text
            $afterFirst = $m.Generator.Cache.Count
            $again = New-VectorEmbedder -Local ArcticXs -Cache
            $second = Test-VectorEmbedder $again -Text $text
            $afterFirst - $before; $again.Generator.Cache.Count - $afterFirst
            [object[]]$first.Vector -join ',' -eq ([object[]]$second.Vector -join ',')
            """).AssertNoErrors();

        Assert.Equal(1, (int)result.Output[0].BaseObject);
        Assert.Equal(0, (int)result.Output[1].BaseObject);
        Assert.True((bool)result.Output[2].BaseObject);
    }

    [Fact]
    public async Task Local_IndexBuiltWithMiniLM_RecordsItAndWritesWithoutEmbedderRebuildItFromMeta()
    {
        var alias = "local-" + Guid.NewGuid().ToString("N")[..8];
        var seed = new ClusterSeeder(_fixture.Node.Uri);

        _fixture.RunConnected("""
            New-VectorIndex -Alias $alias -Embedder (New-VectorEmbedder -Local MiniLM) | Out-Null
            Write-VectorDocument -Index $alias -Id d1 -Text 'A kitten naps on the couch.' | Out-Null
            $direct = Test-VectorEmbedder (New-VectorEmbedder -Local MiniLM) -Text 'A kitten naps on the couch.'
            """, ("alias", alias)).AssertNoErrors();
        var direct = _host.Run("$direct.Vector").Output.Select(o => (float)o.BaseObject).ToArray();

        var index = (await seed.SendAsync(HttpMethod.Get, "/" + alias + "-v1"))![alias + "-v1"]!;
        var embedder = index["mappings"]!["_meta"]!["embedder"]!;
        Assert.Equal("local", embedder["kind"]!.ToString());
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", embedder["model"]!.ToString());
        Assert.Equal(384, (int)index["mappings"]!["properties"]!["embedding"]!["dims"]!);
        var stored = (await seed.GetAsync(alias, "d1"))["_source"]!["embedding"]!.AsArray().Select(v => (float)v!).ToArray();
        Assert.Equal(384, stored.Length);
        Assert.Equal(direct, stored); // Write-VectorDocument found the model in _meta and embedded with it
    }

    [Fact]
    public void Local_UnknownModel_RejectedByValidationNamingTheModels()
    {
        var result = _host.Run("New-VectorEmbedder -Local bert-large");

        Assert.Equal("ParameterArgumentValidationError,VectorReindex.PowerShell.Commands.NewVectorEmbedderCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("MiniLM", result.TerminatingError!.Exception.Message);
    }

    [Fact]
    public void Local_WithDimensions_NoParameterSetTakesBoth()
    {
        var result = _host.Run("New-VectorEmbedder -Local MiniLM -Dimensions 128");

        Assert.Equal("AmbiguousParameterSet,VectorReindex.PowerShell.Commands.NewVectorEmbedderCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }
}
