using System.Net.Http;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// A dual-write's second copy trails the live one by a bulk request, not by the second model's
/// time: with a real model (hundreds of ms a text under load) a parity check on live indexes saw
/// the write in flight as a document missing from the target (issue 16, the demo with MiniLM).
/// </summary>
public sealed class DualWriteOrderTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public DualWriteOrderTests(EngineFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task SecondModel_EmbedsBeforeTheLiveWrite_SoNeitherIndexHasTheNewDocumentWhileItRuns()
    {
        var alias = await _fixture.LiveAliasAsync("order", 5, Dims);
        var probe = new LiveIndexProbe(_fixture.Seed, alias + "-v1", "doc-new");
        var model = VectorEmbedder.FromGenerator(probe);
        var engine = _fixture.Engine;
        var plan = await engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Dimensions = 16, TextField = "title", Embedder = model.Descriptor }, MigrationObserver.None, default);
        var migration = await engine.CreateShadowAsync(plan, MigrationObserver.None, default);

        var writer = await engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias, TargetEmbedder = model }, MigrationObserver.None, default);
        var summary = new DualWriteSummary();
        var failures = await writer.WriteAsync(new[] { new VectorDocument("doc-new", "a red rain jacket", ClusterSeeder.Vector(7, Dims), new JsonObject { ["price"] = 3 }) }, summary, default);

        Assert.Empty(failures);
        Assert.Equal(migration.Target, writer.Second);
        Assert.Equal(new[] { false }, probe.LiveHadTheDocument);
        Assert.Equal(1L, summary.SecondWritten);
        var live = await _fixture.Seed.GetAsync(alias + "-v1", "doc-new");
        var target = await _fixture.Seed.GetAsync(migration.Target, "doc-new");
        Assert.Equal(live["_version"]!.GetValue<long>(), target["_version"]!.GetValue<long>());
    }

    /// <summary>A 16-dim model that, each time it runs, looks in the live index for the document being written.</summary>
    private sealed class LiveIndexProbe : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly ClusterSeeder _seed;
        private readonly string _index;
        private readonly string _id;
        private readonly HashingEmbeddingGenerator _inner = new(16);

        public LiveIndexProbe(ClusterSeeder seed, string index, string id) => (_seed, _index, _id) = (seed, index, id);

        public List<bool> LiveHadTheDocument { get; } = new();

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var found = await _seed.SendAsync(HttpMethod.Get, $"/{_index}/_doc/{_id}", allowError: true);
            LiveHadTheDocument.Add(found?["found"]?.GetValue<bool>() == true);
            return await _inner.GenerateAsync(values, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() => _inner.Dispose();
    }
}
