using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;
using VectorReindex.Tests.Shared;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>
/// Issue 14, Why 1 and 5: the alias's lineage decides where a switch may go. Forward only to the
/// in-flight target with a fresh passing parity; back only to the generation dual-write kept
/// current; older generations only after a catch-up delta; unrelated indexes only when forced,
/// and past a model change only when that is allowed too.
/// </summary>
public sealed class CutoverGuardTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public CutoverGuardTests(EngineFixture fixture) => _fixture = fixture;

    private MigrationEngine Engine => _fixture.Engine;

    private ClusterSeeder Seed => _fixture.Seed;

    /// <summary>A whole copy migration of the alias (plan, backfill, delta, parity, cutover); returns the cut-over record.</summary>
    private async Task<VectorMigration> MigrateAsync(ShadowIndexOptions options)
    {
        var plan = await Engine.PlanAsync(options, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        m = await Engine.BackfillAsync(new BackfillStageOptions(m) { Backfill = new BackfillOptions { Slices = 2, BatchSize = 100 } }, new RecordingObserver(), default);
        m = await Engine.SyncDeltaAsync(new DeltaStageOptions(m), new RecordingObserver(), default);
        m = await Engine.CheckParityAsync(new ParityStageOptions(m) { SampleSize = 10, Queries = 2 }, MigrationObserver.None, default);
        return await Engine.CutOverAsync(new CutoverOptions(m), MigrationObserver.None, default);
    }

    /// <summary>v1 -> v2 -> v3, each a copy migration with another similarity or shard count.</summary>
    private async Task<string> ThreeGenerationsAsync(string stem)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 40, Dims);
        await MigrateAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm" });
        await MigrateAsync(new ShadowIndexOptions { Alias = alias, Shards = 2 });
        Assert.Equal(alias + "-v3", Assert.Single(await Seed.AliasAsync(alias)).Key);
        return alias;
    }

    private async Task WriteThroughAliasAsync(string alias, string id, int n)
    {
        var writer = await Engine.OpenDualWriteAsync(new DualWriteOptions { Index = alias }, MigrationObserver.None, default);
        var failures = await writer.WriteAsync(new[] { new VectorDocument(id, null, ClusterSeeder.Vector(n, Dims), new JsonObject { ["title"] = "written after the cutover" }) }, new DualWriteSummary(), default);
        Assert.Empty(failures);
    }

    private Task<AliasSwitchPlan> PlanSwitchAsync(string alias, string to, bool force = false, bool allowModelChange = false, bool catchUp = false) =>
        Engine.PlanAliasSwitchAsync(new AliasSwitchOptions { Alias = alias, To = to, Force = force, AllowModelChange = allowModelChange, CatchUp = catchUp }, MigrationObserver.None, default);

    private async Task<string> SwitchAsync(string alias, string to, bool force = false, bool allowModelChange = false, bool catchUp = false)
    {
        var options = new AliasSwitchOptions { Alias = alias, To = to, Force = force, AllowModelChange = allowModelChange, CatchUp = catchUp };
        var plan = await Engine.PlanAliasSwitchAsync(options, MigrationObserver.None, default);
        await Engine.SwitchAliasAsync(plan, options, MigrationObserver.None, default);
        return Assert.Single(await Seed.AliasAsync(alias)).Key;
    }

    [Fact]
    public async Task PlanCompletion_ByAlias_FindsTheCutOverMigration_AndRefusesOneInFlight()
    {
        var alias = await _fixture.LiveAliasAsync("complete-plan", 20, Dims);
        await MigrateAsync(new ShadowIndexOptions { Alias = alias });
        var inFlight = await Engine.CreateShadowAsync(await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Shards = 2 }, MigrationObserver.None, default), MigrationObserver.None, default);

        var found = await Engine.FindCompletionAsync(alias, MigrationObserver.None, default);
        var plan = await Engine.PlanCompletionAsync(new CompletionOptions(found), MigrationObserver.None, default);
        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => Engine.PlanCompletionAsync(new CompletionOptions(inFlight), MigrationObserver.None, default));

        Assert.Equal(alias + "-v2", found.Target);
        Assert.Equal(MigrationPhase.CutOver, plan.Migration.Phase);
        Assert.StartsWith($"Completing migration {alias}: {alias}-v1 -> {alias}-v2: writers stop keeping {alias}-v1 current", plan.Description);
        Assert.Equal(MigrationErrorCodes.MigrationNotCutOver, refused.ErrorId);
        Assert.Equal(MigrationPhase.CutOver, (await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, alias + "-v2", default))!.Phase); // planning changed nothing
    }

    [Fact]
    public async Task Lineage_AfterTwoCutovers_RecordsEveryGenerationWithItsCutoverTime_AndSurvivesRemovingAllButTheLiveIndex()
    {
        var alias = await ThreeGenerationsAsync("lineage");
        var v2 = await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, alias + "-v2", default);
        var v3 = await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, alias + "-v3", default);

        await Engine.RemoveIndexAsync(alias + "-v1", MigrationObserver.None, default);
        await Engine.RemoveIndexAsync(alias + "-v2", MigrationObserver.None, default);
        var state = await Engine.AliasStateAsync(alias, MigrationObserver.None, default);

        Assert.Equal(new[] { alias + "-v1", alias + "-v2", alias + "-v3" }, state.Lineage.Generations.Select(g => g.Index).ToArray());
        Assert.Equal(new[] { GenerationEntry.Created, GenerationEntry.CutOver, GenerationEntry.CutOver }, state.Lineage.Generations.Select(g => g.Entry).ToArray());
        Assert.Equal(v2!.CutoverAt, state.Lineage.Generations[1].Since);
        Assert.Equal(v3!.CutoverAt, state.Lineage.Generations[2].Since);
        Assert.Equal(alias + "-v2", state.LastMigration!.Source);
        var stored = (await Seed.SendAsync(HttpMethod.Get, $"/{alias}-v3/_mapping"))![alias + "-v3"]!["mappings"]!["_meta"]![AliasLineage.MetaKey]!;
        Assert.Equal(alias, stored["alias"]!.ToString());
        Assert.Equal("CutOver", stored["generations"]![2]!["entry"]!.ToString());
        Assert.Equal(alias + "-v3", stored["generations"]![2]!["index"]!.ToString());
        Assert.NotNull(stored["generations"]![2]!["since"]);
        Assert.Null(stored["generations"]![0]!["since"]);
    }

    [Fact]
    public async Task Rollback_TwoGenerationsBack_IsRefusedRollbackTooFar_AndCatchUpBringsTheWriteMadeAfterTheSecondCutover()
    {
        var alias = await ThreeGenerationsAsync("toofar");
        await WriteThroughAliasAsync(alias, "after-second-cutover", 500); // reaches v3 and v2 (dual-write), never v1
        Assert.Equal(41L, await Seed.CountAsync(alias + "-v1") + 1);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, alias + "-v1"));
        var forced = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, alias + "-v1", force: true));

        Assert.Equal(MigrationErrorCodes.RollbackTooFar, refused.ErrorId);
        Assert.Contains(alias + "-v2 is", refused.Message); // names the generation that is kept current
        Assert.Equal(MigrationErrorCodes.RollbackTooFar, forced.ErrorId);
        Assert.Equal(alias + "-v3", Assert.Single(await Seed.AliasAsync(alias)).Key);

        Assert.Equal(alias + "-v1", await SwitchAsync(alias, alias + "-v1", catchUp: true));
        Assert.Equal("written after the cutover", (await Seed.GetAsync(alias + "-v1", "after-second-cutover"))["_source"]!["title"]!.ToString());
        Assert.Empty(await IndexComparison.DifferencesAsync(Seed, alias + "-v3", alias + "-v1", 41, null));
        var state = await Engine.AliasStateAsync(alias, MigrationObserver.None, default);
        Assert.Equal(new[] { "v1", "v2", "v3", "v1" }, state.Lineage.Generations.Select(g => g.Index[(alias.Length + 1)..]).ToArray());
        Assert.Equal(alias + "-v3", await SwitchAsync(alias, alias + "-v3")); // the generation just left is kept current again
    }

    [Fact]
    public async Task CatchUp_WhileAnotherMigrationOfTheAliasIsInFlight_IsRefusedMigrationInFlight_AndNothingIsRecorded()
    {
        var alias = await ThreeGenerationsAsync("catchupinflight");
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "dot_product" }, MigrationObserver.None, default);
        var inFlight = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, alias + "-v1", catchUp: true));

        Assert.Equal(MigrationErrorCodes.MigrationInFlight, refused.ErrorId);
        Assert.Contains(inFlight.Target, refused.Message);
        Assert.Null(await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, alias + "-v1", default));
        Assert.Equal(alias + "-v3", Assert.Single(await Seed.AliasAsync(alias)).Key);
    }

    [Fact]
    public async Task Rollback_ToTheImmediatePredecessor_LosesNothing_ButAfterItNoFurtherRollbackOrRollForwardWithoutCatchingUp()
    {
        var alias = await ThreeGenerationsAsync("rollback");
        await WriteThroughAliasAsync(alias, "kept", 600);

        Assert.Equal(alias + "-v2", await SwitchAsync(alias, alias + "-v2"));
        Assert.Equal("written after the cutover", (await Seed.GetAsync(alias + "-v2", "kept"))["_source"]!["title"]!.ToString());

        // v2's own record still says it was cut over from v1: only the lineage knows v3 came in between.
        var back = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, alias + "-v1"));
        var forward = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, alias + "-v3"));
        Assert.Equal(MigrationErrorCodes.RollbackTooFar, back.ErrorId);
        Assert.Equal(MigrationErrorCodes.IndexNotCurrent, forward.ErrorId);
        Assert.Equal(AliasSwitchKind.CatchUp, (await PlanSwitchAsync(alias, alias + "-v3", catchUp: true)).Kind);
    }

    [Fact]
    public async Task Switch_ToAnUnrelatedIndexWithTheSameCountAndOtherDimensions_IsRefused_ForceNeedsAllowModelChange()
    {
        var alias = await _fixture.LiveAliasAsync("unrelated", 30, Dims);
        var other = alias + "-other";
        await Seed.CreateVectorIndexAsync(other, null, 4);
        await Seed.IndexDocumentsAsync(other, 0, 30, 4);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, other));
        var forced = await Assert.ThrowsAsync<VectorMigrationException>(() => PlanSwitchAsync(alias, other, force: true));

        Assert.Equal(MigrationErrorCodes.CutoverTargetNotRecorded, refused.ErrorId);
        Assert.Equal(MigrationErrorCodes.ModelChangeNotAllowed, forced.ErrorId);
        Assert.Contains("8 dimensions in " + alias + "-v1 and 4 in " + other, forced.Message);
        Assert.Equal(alias + "-v1", Assert.Single(await Seed.AliasAsync(alias)).Key);
        Assert.Equal(other, await SwitchAsync(alias, other, force: true, allowModelChange: true));
    }

    [Fact]
    public async Task Switch_ForcedToAnUnrelatedIndexServingTheSameVectors_NeedsNoModelChange()
    {
        var alias = await _fixture.LiveAliasAsync("samevectors", 10, Dims);
        var other = alias + "-blue";
        await Seed.CreateVectorIndexAsync(other, null, Dims);
        await Seed.IndexDocumentsAsync(other, 0, 10, Dims);

        Assert.Equal(AliasSwitchKind.Unrecorded, (await PlanSwitchAsync(alias, other, force: true)).Kind);
        Assert.Equal(other, await SwitchAsync(alias, other, force: true));
    }

    [Fact]
    public async Task Cutover_AfterAParityOlderThanTheLastDelta_ChecksParityAgain_AndRefusesWhatItFinds()
    {
        var alias = await _fixture.LiveAliasAsync("fresh", 30, Dims);
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        m = await Engine.BackfillAsync(new BackfillStageOptions(m), new RecordingObserver(), default);
        m = await Engine.CheckParityAsync(new ParityStageOptions(m) { SampleSize = 5, Queries = 1 }, MigrationObserver.None, default);
        Assert.True(m.Parity!.Passed);
        m = await Engine.SyncDeltaAsync(new DeltaStageOptions(m), new RecordingObserver(), default);
        // A change no writer sent to the target: same count, newer version in the source.
        await Seed.SendAsync(HttpMethod.Post, $"/{alias}-v1/_update/doc-3?refresh=true", """{ "doc": { "title": "changed behind the migration's back" } }""");

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => Engine.CutOverAsync(new CutoverOptions(m), MigrationObserver.None, default));

        Assert.Equal(MigrationErrorCodes.ParityFailed, refused.ErrorId);
        Assert.Equal(alias + "-v1", Assert.Single(await Seed.AliasAsync(alias)).Key);
        var stored = await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, alias + "-v2", default);
        Assert.False(stored!.Parity!.Passed);
        Assert.True(stored.Parity.At > stored.Delta!.LastPassAt);
    }

    [Fact]
    public async Task Cutover_OfTheHeadlinePipelineWithoutParity_RunsOneItself()
    {
        var alias = await _fixture.LiveAliasAsync("headline", 30, Dims);
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm" }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        m = await Engine.BackfillAsync(new BackfillStageOptions(m), new RecordingObserver(), default);
        m = await Engine.SyncDeltaAsync(new DeltaStageOptions(m), new RecordingObserver(), default);
        Assert.Null(m.Parity);

        var cutOver = await Engine.CutOverAsync(new CutoverOptions(m), MigrationObserver.None, default);

        Assert.Equal(MigrationPhase.CutOver, cutOver.Phase);
        Assert.True(cutOver.Parity!.Passed);
        Assert.True(cutOver.Parity.At > cutOver.Delta!.LastPassAt);
    }
}
