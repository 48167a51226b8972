using VectorReindex.Tests.Shared;

namespace VectorReindex.PowerShell.Tests;

/// <summary>
/// Issue 6, acceptance 1: while four writers upsert, update metadata and delete through the alias
/// and dual-write to the target by the protocol, New-ShadowIndex | Start-Backfill | Sync-Delta
/// leaves the target equal to the source. Sizes are small here; scripts/stress.sh runs 50,000.
/// </summary>
public sealed class MigrationUnderLoadTests : IClassFixture<ModuleFixture>
{
    private const int Dims = 8;
    private const int NewDims = 16;
    private readonly ModuleFixture _fixture;
    private readonly ClusterSeeder _seed;

    public MigrationUnderLoadTests(ModuleFixture fixture)
    {
        _fixture = fixture;
        _seed = new ClusterSeeder(fixture.Node.Uri);
    }

    private static int Documents => int.TryParse(Environment.GetEnvironmentVariable("VECTORREINDEX_STRESS_DOCS"), out var n) ? n : 1500;

    private ScriptResult Run(string script, params (string, object?)[] vars) => _fixture.RunConnected(script, vars);

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public async Task Pipeline_WithFourConcurrentWriters_EndsWithTargetEqualToSource(int seed, bool reembed)
    {
        var documents = Documents;
        var alias = $"load{seed}-" + Guid.NewGuid().ToString("N")[..6];
        await _seed.CreateVectorIndexAsync(alias + "-v1", alias, Dims);
        await _seed.IndexDocumentsAsync(alias + "-v1", 0, documents, Dims);
        var embed = reembed ? PackagedCore.HashingEmbedder(NewDims) : null;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4)
            .Select(slot => new ProtocolWriter(_seed, alias, alias + "-v2", embed == null ? null : t => PackagedCore.ToJson(embed(t)), slot, 4, documents, seed))
            .ToList();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(Dims, stop.Token))).ToList();
        await Task.Delay(200);

        var script = reembed
            ? "New-ShadowIndex -Alias $alias -Embedder (New-VectorEmbedder -Hashing -Dimensions 16) -TextField title | Start-Backfill -Slices 3 -BatchSize 200 | Sync-Delta"
            : "New-ShadowIndex -Alias $alias -IndexOptions @{ type = 'int8_hnsw' } | Start-Backfill -Slices 3 -BatchSize 200 | Sync-Delta";
        var result = Run(script, ("alias", alias));
        stop.Cancel();
        await Task.WhenAll(running);
        result.AssertNoErrors();

        // The writers stopped after the delta; their last writes were dual-written. Now the proof.
        var parity = Run("Get-VectorMigration -Alias $alias | Test-IndexParity -SampleSize 200 -Seed $seed", ("alias", alias), ("seed", seed)).AssertNoErrors();
        var differences = await IndexComparison.DifferencesAsync(_seed, alias + "-v1", alias + "-v2", documents, embed);
        Assert.True(differences.Count == 0, $"{differences.Count} differences (writers made {writers.Sum(w => w.Operations)} operations), e.g. {string.Join("; ", differences.Take(5))}");
        Assert.True((bool)((dynamic)Assert.Single(parity.Output).Properties["Parity"].Value).Passed);
        Assert.True(writers.Sum(w => w.DualWrites) > 0, "the writers never saw the target: the test proved nothing about concurrency");
    }
}
