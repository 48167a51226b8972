using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Embedding;

/// <summary>The OpenAI-compatible embedder against a scripted loopback endpoint.</summary>
public sealed class OpenAIEmbeddingGeneratorTests
{
    private const string ApiKey = "sk-test-Very5ecretKey";

    private static OpenAIEmbeddingOptions Options(Uri uri, int batchSize = 64, int maxConcurrency = 1, int? dimensions = null)
    {
        var options = new OpenAIEmbeddingOptions(new Uri(uri, "v1"), "text-embedding-3-small")
        {
            BatchSize = batchSize,
            MaxConcurrency = maxConcurrency,
            Dimensions = dimensions,
        };
        options.Retry.InitialBackoff = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxBackoff = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxRetries = 3;
        return options;
    }

    private static string[] Texts(int count) => Enumerable.Range(0, count).Select(i => "text " + i).ToArray();

    [Fact]
    public async Task Generate_TenInputsBatchOfFour_SendsThreeRequestsAndKeepsOrder()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Embeddings(4, 3, first: 0), OpenAIAnswers.Embeddings(4, 3, first: 4), OpenAIAnswers.Embeddings(2, 3, first: 8));
        var recorder = new RecordingHandler();
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri, batchSize: 4), ApiKey, handler: recorder);

        var result = await generator.GenerateAsync(Texts(10));

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("POST /v1/embeddings", r));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), result.Select(e => e.Vector.Span[0]));
        Assert.Equal(30, result.Usage?.InputTokenCount);
        var bodies = recorder.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(new[] { 4, 4, 2 }, bodies.Select(b => b.GetProperty("input").GetArrayLength()));
        Assert.Equal("text 4", bodies[1].GetProperty("input")[0].GetString());
        Assert.All(bodies, b => Assert.Equal("text-embedding-3-small", b.GetProperty("model").GetString()));
        Assert.All(bodies, b => Assert.Equal("base64", b.GetProperty("encoding_format").GetString())); // the official client's choice; float answers are read too
        Assert.All(bodies, b => Assert.False(b.TryGetProperty("dimensions", out _)));
    }

    [Fact]
    public async Task Generate_ManyBatchesConcurrently_KeepsInputOrder()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        // Every batch answers 0..3: with four in flight, only the generator's offsets can restore the order.
        server.Fallback = OpenAIAnswers.Embeddings(4, 2, first: 0);
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri, batchSize: 4, maxConcurrency: 4));

        var result = await generator.GenerateAsync(Texts(32));

        Assert.Equal(8, server.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (float)(i % 4)), result.Select(e => e.Vector.Span[0]));
    }

    [Fact]
    public async Task Generate_Base64Answer_DecodesTheVectorsInIndexOrder()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Base64Embeddings(new[] { new[] { 0.5f, -1f }, new[] { 2.25f, 3f } }));
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));

        var result = await generator.GenerateAsync(Texts(2));

        Assert.Equal(new[] { 0.5f, -1f }, result[0].Vector.ToArray());
        Assert.Equal(new[] { 2.25f, 3f }, result[1].Vector.ToArray());
        Assert.Equal("test-embed", result[0].ModelId);
    }

    [Fact]
    public async Task Generate_RepeatedIndex_ThrowsRatherThanGuessingWhichInputItBelongsTo()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(new ScriptedResponse(200,
            """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1,2]},{"object":"embedding","index":0,"embedding":[3,4]}],"model":"m","usage":{"prompt_tokens":2,"total_tokens":2}}""",
            new Dictionary<string, string>()));
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));

        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(2)));

        Assert.Contains("index 0, which is out of range or repeated", ex.Message);
    }

    [Fact]
    public async Task Generate_429ThenSuccess_IsRetried()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Error(429, "Rate limit reached", retryAfter: "0"), OpenAIAnswers.Embeddings(2, 3));
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));

        var result = await generator.GenerateAsync(Texts(2));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, result.Count);
    }

    [Fact]
    public async Task Generate_RetryAfterOneSecond_WaitsForIt()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Error(503, "overloaded", retryAfter: "1"), OpenAIAnswers.Embeddings(1, 3));
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));
        var clock = Stopwatch.StartNew();

        await generator.GenerateAsync(Texts(1));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Generate_Always500_StopsAfterMaxRetriesWithTheServersMessage()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = OpenAIAnswers.Error(500, "The server had an error");
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));

        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(1)));

        Assert.Equal(4, server.Requests.Count); // first try and three retries
        Assert.Equal(500, ex.StatusCode);
        Assert.Contains("The server had an error", ex.Message);
    }

    [Fact]
    public async Task Generate_400_IsNotRetried()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = OpenAIAnswers.Error(400, "This model's maximum context length is 8192 tokens");

        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));
        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(1)));

        Assert.Single(server.Requests);
        Assert.Contains("maximum context length", ex.Message);
    }

    [Fact]
    public async Task Generate_ClosedPort_IsConnectionFailureAfterRetries()
    {
        var closed = ClosedPort.Uri();
        using var generator = new OpenAIEmbeddingGenerator(Options(closed));

        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(1)));

        Assert.Null(ex.StatusCode);
        Assert.Contains("Could not reach", ex.Message);
        Assert.Contains(closed.Port.ToString(), ex.Message);
    }

    [Fact]
    public async Task Generate_FewerEmbeddingsThanInputs_ThrowsNamingBothCounts()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Embeddings(2, 3));
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri));

        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(3)));

        Assert.Contains("returned 2 embeddings for 3 inputs", ex.Message);
    }

    [Fact]
    public async Task Generate_WrongDimensions_ThrowsNamingBoth()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Embeddings(2, 5));
        var recorder = new RecordingHandler();
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri, dimensions: 3), handler: recorder);

        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(2)));

        Assert.Contains("returned 5 dimensions", ex.Message);
        Assert.Contains("3 were requested", ex.Message);
        Assert.Equal(3, JsonDocument.Parse(recorder.Requests.Single().Body).RootElement.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task Generate_ApiKey_SentAsBearer()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Embeddings(1, 3));
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri), ApiKey);

        await generator.GenerateAsync(Texts(1));

        Assert.Equal("Bearer " + ApiKey, Assert.Single(server.AuthorizationHeaders));
    }

    [Fact]
    public async Task Generate_AzureApiKeyHeader_SentAsApiKeyNotAuthorization_AndQueryKept()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Embeddings(1, 3));
        var recorder = new RecordingHandler();
        var options = new OpenAIEmbeddingOptions(new Uri(server.Uri, "openai/deployments/embed?api-version=2024-02-01"), "embed")
        {
            ApiKeyHeader = OpenAIApiKeyHeader.ApiKey,
        };
        using var generator = new OpenAIEmbeddingGenerator(options, ApiKey, handler: recorder);

        await generator.GenerateAsync(Texts(1));

        var request = Assert.Single(recorder.Requests);
        Assert.Equal(ApiKey, request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("POST /openai/deployments/embed/embeddings?api-version=2024-02-01", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Generate_ServerEchoesApiKeyIn401_KeyNeverInExceptionOrToString()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = OpenAIAnswers.Error(401, "Incorrect API key provided: " + ApiKey);
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri), ApiKey);

        var ex = await Assert.ThrowsAsync<EmbeddingException>(() => generator.GenerateAsync(Texts(1)));

        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("Incorrect API key provided", ex.Message);
        Assert.DoesNotContain(ApiKey, ex.ToString());
        Assert.DoesNotContain(ApiKey, generator.ToString());
        Assert.DoesNotContain(ApiKey, VectorEmbedder.OpenAI(generator).Descriptor.ToJson());
    }

    [Fact]
    public async Task Generate_429EchoingTheKey_RetryWarningNamesTheStatusButNotTheKey()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Enqueue(OpenAIAnswers.Error(429, "Rate limit reached for key " + ApiKey, retryAfter: "0"), OpenAIAnswers.Embeddings(1, 3));
        var logger = new RecordingLogger();
        using var generator = new OpenAIEmbeddingGenerator(Options(server.Uri), ApiKey);

        await generator.WithLogger(logger).GenerateAsync(Texts(1));

        var warning = Assert.Single(logger.Records);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("HTTP 429", warning.Text);
        Assert.Contains("Retry 1 of 3", warning.Text);
        Assert.DoesNotContain(ApiKey, warning.Text);
    }

    [Fact]
    public async Task Generate_Cancelled_WhileBackingOff_StopsPromptly()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = OpenAIAnswers.Error(429, "Rate limit reached", retryAfter: "30");
        var options = Options(server.Uri);
        options.Retry.MaxRetryTime = TimeSpan.FromMinutes(2);
        using var generator = new OpenAIEmbeddingGenerator(options);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Texts(1), null, cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Options_EndpointWithCredentials_Rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OpenAIEmbeddingOptions(new Uri("http://user:pw@127.0.0.1:1/v1"), "m"));

        Assert.DoesNotContain("user:pw", ex.Message);
        Assert.Contains("credentials", ex.Message);
    }
}
