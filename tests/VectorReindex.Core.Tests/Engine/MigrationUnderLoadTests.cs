using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>
/// Issue 11, acceptance 5: a whole migration through MigrationEngine (shadow, backfill, delta,
/// parity, cutover) while four writers upsert, update metadata and delete through the alias and
/// dual-write by the protocol, ends with the target equal to the source; and no PowerShell
/// assembly is loaded to do it.
/// </summary>
public sealed class MigrationUnderLoadTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private const int NewDims = 16;
    private const int Documents = 1500;
    private readonly EngineFixture _fixture;

    public MigrationUnderLoadTests(EngineFixture fixture) => _fixture = fixture;

    private static JsonArray ToJson(float[] vector) => new(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public async Task WholeMigration_WithFourConcurrentWriters_EndsWithZeroDifferences(int seed, bool reembed)
    {
        var alias = await _fixture.LiveAliasAsync("load" + seed, Documents, Dims);
        var hashing = new HashingEmbeddingGenerator(NewDims, 0);
        Func<string, float[]>? embed = reembed ? hashing.Embed : null;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4)
            .Select(slot => new ProtocolWriter(_fixture.Seed, alias, alias + "-v2", embed == null ? null : t => ToJson(embed(t)), slot, 4, Documents, seed))
            .ToList();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(Dims, stop.Token))).ToList();
        await Task.Delay(200);

        var engine = _fixture.Engine;
        var observer = new RecordingObserver();
        var shadow = reembed
            ? new ShadowIndexOptions { Alias = alias, Embedder = VectorEmbedder.Hashing(NewDims).Descriptor, TextField = "title" }
            : new ShadowIndexOptions { Alias = alias, IndexOptions = new JsonObject { ["type"] = "int8_hnsw" } };
        var created = await engine.CreateShadowAsync(await engine.PlanAsync(shadow, observer, default), observer, default);
        var backfilled = await engine.BackfillAsync(new BackfillStageOptions(created) { Backfill = new BackfillOptions { Slices = 3, BatchSize = 200 } }, observer, default);
        var synced = await engine.SyncDeltaAsync(new DeltaStageOptions(backfilled) { Delta = new DeltaOptions { BatchSize = 200 } }, observer, default);
        stop.Cancel();
        await Task.WhenAll(running);

        // The writers stopped after the delta; their last writes were dual-written. Now the proof.
        var verified = await engine.CheckParityAsync(new ParityStageOptions(synced) { SampleSize = 200, Seed = seed }, observer, default);
        var differences = await IndexComparison.DifferencesAsync(_fixture.Seed, alias + "-v1", alias + "-v2", Documents, embed);
        Assert.True(differences.Count == 0, $"{differences.Count} differences (writers made {writers.Sum(w => w.Operations)} operations), e.g. {string.Join("; ", differences.Take(5))}");
        Assert.True(observer.Failures.IsEmpty, observer.FailureText);
        Assert.True(verified.Parity!.Passed, string.Join("; ", verified.Parity.Problems));
        Assert.True(writers.Sum(w => w.DualWrites) > 0, "the writers never saw the target: the test proved nothing about concurrency");

        var cutOver = await engine.CutOverAsync(new CutoverOptions(verified), observer, default);
        Assert.Equal(MigrationPhase.CutOver, cutOver.Phase);
        Assert.Equal(new[] { alias + "-v2" }, (await _fixture.Seed.AliasAsync(alias)).Keys.ToArray());
        Assert.Equal(MigrationPhase.Synced, synced.Phase); // each stage returned a new record; the earlier ones are as they were
        Assert.Equal(MigrationPhase.Created, created.Phase);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "System.Management.Automation");
    }

    [Fact]
    public void TheEngineProcess_LoadsNoPowerShell()
    {
        // Runs in the same process as the migrations above (one test assembly, one process).
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ToList();
        Assert.Contains("VectorReindex.Core", loaded);
        Assert.DoesNotContain("System.Management.Automation", loaded);
        Assert.DoesNotContain("VectorReindex.PowerShell", loaded);
    }
}
