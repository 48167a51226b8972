using System.Management.Automation;
using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>New-VectorEmbedder and Test-VectorEmbedder through a real runspace with the packaged module.</summary>
public sealed class NewVectorEmbedderTests : IClassFixture<ModuleFixture>
{
    private const string ApiKey = "sk-ps-Sup3rSecretKey";
    private readonly PowerShellHost _host;

    public NewVectorEmbedderTests(ModuleFixture fixture) => _host = fixture.Host;

    private static T Prop<T>(PSObject o, string name) => (T)o.Properties[name].Value;

    private static string Kind(PSObject o) => o.Properties["Kind"].Value.ToString()!;

    [Fact]
    public void New_EachParameterSet_ProducesThatKindOfEmbedder()
    {
        var result = _host.Run("""
            New-VectorEmbedder -Copy
            New-VectorEmbedder -Hashing -Dimensions 16 -Seed 3
            New-VectorEmbedder -OpenAI -Endpoint 'http://127.0.0.1:9/v1' -Model 'text-embedding-3-small' -Dimensions 512 -ApiKey 'sk-x'
            New-VectorEmbedder -ScriptBlock { param([string[]]$Texts) } -Model 'my-model' -Dimensions 8
            """).AssertNoErrors();

        Assert.Equal(new[] { "Copy", "Hashing", "OpenAI", "ScriptBlock" }, result.Output.Select(Kind));
        Assert.True(Prop<bool>(result.Output[0], "IsCopy"));
        Assert.Equal(16, Prop<int?>(result.Output[1], "Dimensions"));
        Assert.Equal("text-embedding-3-small", Prop<string>(result.Output[2], "Model"));
        Assert.Equal(512, Prop<int?>(result.Output[2], "Dimensions"));
        Assert.Equal("my-model", Prop<string>(result.Output[3], "Model"));
        Assert.True(Prop<bool>(result.Output[3], "RequiresPipeline"));
        Assert.All(result.Output, o => Assert.Equal("VectorReindex.Core.Embedding.VectorEmbedder", o.BaseObject.GetType().FullName));
    }

    [Theory]
    [InlineData("New-VectorEmbedder -Hashing -Dimensions 0")]
    [InlineData("New-VectorEmbedder -Hashing -Dimensions 4097")]
    [InlineData("New-VectorEmbedder -OpenAI -Endpoint http://127.0.0.1:9/v1 -Model m -BatchSize 0")]
    public void New_OutOfRangeNumbers_RejectedByValidation(string script)
    {
        var result = _host.Run(script);

        Assert.Equal("ParameterArgumentValidationError,VectorReindex.PowerShell.Commands.NewVectorEmbedderCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void New_OpenAIWithFtpEndpoint_FailsWithInvalidEmbedderEndpoint()
    {
        var result = _host.Run("New-VectorEmbedder -OpenAI -Endpoint ftp://models.example.test/v1 -Model m");

        Assert.Equal("InvalidEmbedderEndpoint,VectorReindex.PowerShell.Commands.NewVectorEmbedderCommand", result.TerminatingError?.FullyQualifiedErrorId);
    }

    [Fact]
    public void TestEmbedder_Hashing_UnitVectorsOfTheDimensionsSameEachTime()
    {
        var result = _host.Run("""
            $e = New-VectorEmbedder -Hashing -Dimensions 64 -Seed 9
            Test-VectorEmbedder -Embedder $e -Text 'red running shoes', 'blue hat'
            'red running shoes' | Test-VectorEmbedder $e
            """).AssertNoErrors();

        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(64, Prop<int>(o, "Dimensions")));
        Assert.All(result.Output, o => Assert.InRange(Prop<double>(o, "Norm"), 1 - 1e-6, 1 + 1e-6));
        Assert.Equal(Prop<float[]>(result.Output[0], "Vector"), Prop<float[]>(result.Output[2], "Vector"));
        Assert.NotEqual(Prop<float[]>(result.Output[0], "Vector"), Prop<float[]>(result.Output[1], "Vector"));
    }

    [Fact]
    public void TestEmbedder_ScriptBlock_RunsOnThePipelineThread()
    {
        var result = _host.Run("""
            $script:pipelineThread = [Environment]::CurrentManagedThreadId
            $script:scriptThreads = @()
            $e = New-VectorEmbedder -Dimensions 2 -ScriptBlock {
                param([string[]]$Texts)
                $script:scriptThreads += [Environment]::CurrentManagedThreadId
                foreach ($t in $Texts) { ,[float[]]@($t.Length, 1) }
            }
            Test-VectorEmbedder -Embedder $e -Text 'a', 'bbb'
            [pscustomobject]@{ Pipeline = $script:pipelineThread; Script = $script:scriptThreads }
            """).AssertNoErrors();

        Assert.Equal(3, result.Output.Count);
        Assert.Equal(new float[] { 3, 1 }, Prop<float[]>(result.Output[1], "Vector"));
        var threads = result.Output[2];
        var scriptThread = Assert.Single((object[])threads.Properties["Script"].Value);
        Assert.Equal(threads.Properties["Pipeline"].Value, scriptThread);
    }

    [Fact]
    public void TestEmbedder_BareScriptBlockAsEmbedder_IsConverted_AndSingleUnrolledArrayAccepted()
    {
        var result = _host.Run("""
            Test-VectorEmbedder -Text 'only' -Embedder { param([string[]]$Texts) 0.5, 0.25, 0.125 }
            """).AssertNoErrors();

        Assert.Equal(new float[] { 0.5f, 0.25f, 0.125f }, Prop<float[]>(Assert.Single(result.Output), "Vector"));
    }

    [Fact]
    public void TestEmbedder_ScriptBlockReturnsWrongCount_NonTerminatingErrorPerTextNamingIt()
    {
        var result = _host.Run("""
            $e = New-VectorEmbedder -ScriptBlock { param([string[]]$Texts) ,[float[]]@(1, 0) }
            Test-VectorEmbedder -Embedder $e -Text 'first', 'second'
            'completed'
            """);

        Assert.Null(result.TerminatingError);
        Assert.Equal("completed", result.Output.Last().ToString());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("EmbedderFailed,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", e.FullyQualifiedErrorId));
        Assert.Equal(new object[] { "text[0]", "text[1]" }, result.Errors.Select(e => e.TargetObject));
        Assert.Contains("'text[1]'", result.Errors[1].Exception.Message);
        Assert.Contains("returned 1 results for 2 texts", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void TestEmbedder_ScriptBlockWrongDimensionsForOneText_ErrorNamesItAndTheRestIsOutput()
    {
        var result = _host.Run("""
            $e = New-VectorEmbedder -Dimensions 2 -ScriptBlock {
                param([string[]]$Texts)
                foreach ($t in $Texts) { if ($t -eq 'bad') { ,[float[]]@(1, 2, 3) } else { ,[float[]]@(1, 0) } }
            }
            Test-VectorEmbedder -Embedder $e -Text 'good', 'bad', 'fine'
            """);

        Assert.Null(result.TerminatingError);
        var error = Assert.Single(result.Errors);
        Assert.Equal("EmbeddingWrongDimensions,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", error.FullyQualifiedErrorId);
        Assert.Equal("text[1]", error.TargetObject);
        Assert.Contains("3 dimensions; 2 are expected", error.Exception.Message);
        Assert.Equal(new[] { 0, 2 }, result.Output.Select(o => Prop<int>(o, "Index")));
    }

    [Fact]
    public void TestEmbedder_ScriptBlockThrows_EmbedderFailedWithTheScriptsMessage()
    {
        var result = _host.Run("""
            Test-VectorEmbedder -Text 'x' -Embedder { param([string[]]$Texts) throw 'model unavailable' }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("EmbedderFailed,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", error.FullyQualifiedErrorId);
        Assert.Contains("model unavailable", error.Exception.Message);
    }

    [Fact]
    public void TestEmbedder_EmptyText_ErrorForItOnly()
    {
        var result = _host.Run("Test-VectorEmbedder -Embedder (New-VectorEmbedder -Hashing -Dimensions 8) -Text 'words', ''");

        Assert.Equal("EmbeddingTextEmpty,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Single(result.Output);
    }

    [Fact]
    public void TestEmbedder_CopyEmbedder_RefusedWithCopyEmbedderCannotEmbed()
    {
        var result = _host.Run("Test-VectorEmbedder (New-VectorEmbedder -Copy) -Text 'x'");

        Assert.Equal("CopyEmbedderCannotEmbed,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", result.TerminatingError?.FullyQualifiedErrorId);
    }

    [Fact]
    public void TestEmbedder_TextsFromThePipeline_EmbeddedInOneCall()
    {
        var result = _host.Run("""
            $script:calls = 0
            $e = New-VectorEmbedder -ScriptBlock { param([string[]]$Texts) $script:calls++; foreach ($t in $Texts) { ,[float[]]@(1, $t.Length) } }
            'a', 'bb', 'ccc' | Test-VectorEmbedder $e
            $script:calls
            """).AssertNoErrors();

        Assert.Equal(new[] { 1f, 2f, 3f }, result.Output.Take(3).Select(o => Prop<float[]>(o, "Vector")[1]));
        Assert.Equal(1, (int)result.Output[3].BaseObject);
    }

    [Fact]
    public async Task TestEmbedder_StoppedWhileScriptBlockRuns_StopsPromptly()
    {
        using var host = new PowerShellHost();
        using var ps = host.Create("""
            $e = New-VectorEmbedder -ScriptBlock { param([string[]]$Texts) $started.Set(); Start-Sleep -Seconds 60 }
            Test-VectorEmbedder $e -Text 'x'
            """, new Dictionary<string, object?> { ["started"] = new ManualResetEventSlim() });
        var started = (ManualResetEventSlim)host.Run("$started").Output.Single().BaseObject;

        var invocation = ps.BeginInvoke();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the script block never ran");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Run(ps.Stop).WaitAsync(TimeSpan.FromSeconds(45));

        // Not a speed check (a loaded machine takes seconds): an uninterrupted script block would sleep 60 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Stop took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.True(invocation.IsCompleted);
    }

    [Fact]
    public void TestEmbedder_EmbedderOfAnotherType_RejectedAtBinding()
    {
        var result = _host.Run("Test-VectorEmbedder -Embedder 42 -Text 'x'");

        Assert.Equal("ParameterArgumentTransformationError,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", result.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("New-VectorEmbedder", result.TerminatingError!.Exception.Message);
    }

    [Fact]
    public async Task TestEmbedder_OpenAI_EmbedsThroughTheEndpoint_KeyAsBearerAndNowhereInOutput()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(new ScriptedResponse(200,
            """{"object":"list","data":[{"index":1,"embedding":[0,1,0]},{"index":0,"embedding":[1,0,0]}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}""",
            new Dictionary<string, string>()));

        var result = _host.Run("""
            $e = New-VectorEmbedder -OpenAI -Endpoint $uri -Model 'm' -Dimensions 3 -ApiKey $key -Verbose
            $e
            'first', 'second' | Test-VectorEmbedder $e -Verbose
            """, new Dictionary<string, object?> { ["uri"] = new Uri(server.Uri, "v1"), ["key"] = ApiKey }).AssertNoErrors();

        Assert.Equal("POST /v1/embeddings", Assert.Single(server.Requests));
        Assert.Equal("Bearer " + ApiKey, Assert.Single(server.AuthorizationHeaders));
        Assert.Equal(new float[] { 1, 0, 0 }, Prop<float[]>(result.Output[1], "Vector"));
        Assert.Equal(new float[] { 0, 1, 0 }, Prop<float[]>(result.Output[2], "Vector"));
        Assert.DoesNotContain(ApiKey, result.AllText());
    }

    [Fact]
    public async Task TestEmbedder_OpenAIAnswers401_ErrorPerTextWithoutTheKey()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = new ScriptedResponse(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{ApiKey}}}"}}""", new Dictionary<string, string>());

        var result = _host.Run("""
            Test-VectorEmbedder -Embedder (New-VectorEmbedder -OpenAI -Endpoint $uri -Model 'm' -ApiKey $key) -Text 'a'
            """, new Dictionary<string, object?> { ["uri"] = server.Uri, ["key"] = ApiKey });

        var error = Assert.Single(result.Errors);
        Assert.Equal("EmbedderFailed,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("Incorrect API key provided", error.Exception.Message);
        Assert.DoesNotContain(ApiKey, result.AllText());
    }
}
