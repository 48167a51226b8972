using VectorReindex.Core.Backfill;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Rolling;
using VectorReindex.Core.Tests.Embedding;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Rolling;

/// <summary>
/// Issue 14, Why 1 and 2: a rolling reindex holds to the plan of the migration it resumes, does
/// nothing when the alias's last migration already made what is asked, restarts only on request
/// (abandoning the in-flight target), and never picks a default name that exists or existed.
/// </summary>
public sealed class RollingReindexPlanTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public RollingReindexPlanTests(EngineFixture fixture) => _fixture = fixture;

    private MigrationEngine Engine => _fixture.Engine;

    private static RollingReindexOptions Options(string alias, VectorEmbedder? embedder = null, int? dimensions = null, bool restart = false) => new()
    {
        Shadow = new ShadowIndexOptions { Alias = alias, TextField = embedder == null ? null : "title", Dimensions = dimensions },
        Embedder = embedder,
        Backfill = new BackfillOptions { Slices = 2, BatchSize = 100 },
        ParitySample = 10,
        ParityQueries = 2,
        Restart = restart,
    };

    /// <summary>A re-embedding migration to 16 dimensions left in flight after its backfill.</summary>
    private async Task<(string Alias, VectorMigration InFlight)> InFlightAsync(string stem)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 40, Dims);
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, TextField = "title", Embedder = VectorEmbedder.Hashing(16).Descriptor }, MigrationObserver.None, default);
        var m = await Engine.CreateShadowAsync(plan, MigrationObserver.None, default);
        m = await Engine.BackfillAsync(new BackfillStageOptions(m) { Embedder = VectorEmbedder.Hashing(16) }, new RecordingObserver(), default);
        return (alias, m);
    }

    [Theory]
    [InlineData("embedder")]
    [InlineData("dimensions")]
    public async Task Resume_WithAnotherEmbedderOrDimensions_IsMigrationPlanMismatch_NamingTheFieldBothValuesAndTheFix(string what)
    {
        var (alias, inFlight) = await InFlightAsync("mismatch-" + what);
        var options = what == "embedder" ? Options(alias, VectorEmbedder.Hashing(32)) : Options(alias, dimensions: 32);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => Engine.RunRollingAsync(options, new RecordingObserver(), default));

        Assert.Equal(MigrationErrorCodes.MigrationPlanMismatch, refused.ErrorId);
        Assert.Contains($"recorded with {what} '", refused.Message);
        Assert.Contains(what == "embedder" ? VectorEmbedder.Hashing(16).Descriptor.Description : "'16'", refused.Message);
        Assert.Contains(what == "embedder" ? VectorEmbedder.Hashing(32).Descriptor.Description : "'32'", refused.Message);
        Assert.Contains("resume with the recorded value, or abandon the in-flight target and start a new generation", refused.Message);
        var stored = await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, inFlight.Target, default);
        Assert.Equal(16, stored!.Dimensions);
        Assert.Equal(MigrationPhase.Backfilled, stored.Phase); // nothing ran against the recorded plan
        Assert.Equal(0L, stored.Backfill!.Failed);
    }

    [Theory]
    [InlineData("similarity")]
    [InlineData("element type")]
    [InlineData("index_options.type")]
    public async Task Resume_WithAnotherSimilarityElementTypeOrIndexOptions_IsMigrationPlanMismatch_NamingWhatTheTargetHolds(string what)
    {
        var (alias, inFlight) = await InFlightAsync("mismatch-" + what.Replace(' ', '-').Replace('.', '-').Replace('_', '-'));
        var options = Options(alias, VectorEmbedder.Hashing(16));
        switch (what)
        {
            case "similarity": options.Shadow.Similarity = "l2_norm"; break;
            case "element type": options.Shadow.ElementType = "byte"; break;
            default: options.Shadow.IndexOptions = new System.Text.Json.Nodes.JsonObject { ["type"] = "flat" }; break;
        }

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() => Engine.RunRollingAsync(options, new RecordingObserver(), default));

        Assert.Equal(MigrationErrorCodes.MigrationPlanMismatch, refused.ErrorId);
        Assert.Contains($"recorded with {what} '", refused.Message);
        Assert.Contains(what == "similarity" ? "'l2_norm'" : what == "element type" ? "'byte'" : "\"flat\"", refused.Message);
        var stored = await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, inFlight.Target, default);
        Assert.Equal(MigrationPhase.Backfilled, stored!.Phase); // nothing ran against the recorded plan
    }

    [Fact]
    public async Task Resume_WithTheTargetsOwnSimilarity_Resumes()
    {
        var (alias, inFlight) = await InFlightAsync("same-similarity");
        var mappings = await new IndicesApi(_fixture.Cluster.Cluster).GetMappingAsync(inFlight.Target, default);
        var options = Options(alias, VectorEmbedder.Hashing(16));
        options.Shadow.Similarity = ShadowIndexPlanner.FieldAt(mappings, inFlight.VectorField)!["similarity"]?.ToString() ?? "cosine";

        var report = await Engine.RunRollingAsync(options, new RecordingObserver(), default);

        Assert.True(report.Resumed);
        Assert.Equal(inFlight.Target, report.Target);
    }

    [Fact]
    public async Task Restart_AbandonsTheInFlightTarget_LeavesIt_AndCutsOverANewGenerationWithTheNewPlan()
    {
        var (alias, inFlight) = await InFlightAsync("restart");

        var report = await Engine.RunRollingAsync(Options(alias, VectorEmbedder.Hashing(32), restart: true), new RecordingObserver(), default);

        Assert.Equal(alias + "-v2", report.Abandoned);
        Assert.Equal(alias + "-v3", report.Target);
        Assert.Equal(alias + "-v3", Assert.Single(await _fixture.Seed.AliasAsync(alias)).Key);
        var abandoned = await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, inFlight.Target, default);
        Assert.Equal(MigrationPhase.Abandoned, abandoned!.Phase);
        Assert.False(abandoned.IsInFlight);
        Assert.Equal(40L, await _fixture.Seed.CountAsync(alias + "-v2")); // left in place, for Remove-ShadowIndex
        Assert.Equal(32, (await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, alias + "-v3", default))!.Dimensions);
        // The record a pipeline still holds from before the restart resumes nothing.
        var stale = await Assert.ThrowsAsync<VectorMigrationException>(() => Engine.SyncDeltaAsync(new DeltaStageOptions(inFlight), new RecordingObserver(), default));
        Assert.Equal(MigrationErrorCodes.MigrationAbandoned, stale.ErrorId);
        Assert.Equal(MigrationPhase.Abandoned, (await MigrationStore.ReadAsync(_fixture.Cluster.Cluster, inFlight.Target, default))!.Phase);
    }

    [Fact]
    public async Task Rerun_OfTheLastMigrationsPlan_DoesNothingAndSaysSo_AnotherPlanStartsTheNextGeneration()
    {
        var alias = await _fixture.LiveAliasAsync("uptodate", 30, Dims);
        var first = await Engine.RunRollingAsync(Options(alias, VectorEmbedder.Hashing(16)), new RecordingObserver(), default);
        Assert.Equal(alias + "-v2", first.Target);
        var log = new RecordingLogger();

        var again = await Engine.RunRollingAsync(Options(alias, VectorEmbedder.Hashing(16)), new RecordingObserver(logger: log), default);

        Assert.True(again.UpToDate);
        Assert.Equal(alias + "-v2", again.Target);
        Assert.Contains("nothing to do", again.ToString());
        Assert.Contains(log.Records, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Text.Contains("nothing to do"));
        Assert.DoesNotContain(alias + "-v3", await Engine.IndexNamesAsync(default));

        var next = await Engine.RunRollingAsync(Options(alias, VectorEmbedder.Hashing(24)), new RecordingObserver(), default);
        Assert.False(next.UpToDate);
        Assert.Equal(alias + "-v3", next.Target);
    }

    [Fact]
    public async Task DefaultTargetName_AfterARollback_SkipsTheGenerationThatStillExists()
    {
        var alias = await _fixture.LiveAliasAsync("names", 20, Dims);
        var report = await Engine.RunRollingAsync(Options(alias), new RecordingObserver(), default);
        Assert.Equal(alias + "-v2", report.Target);
        await Engine.RollBackAsync(new CutoverOptions(report.Migration!), MigrationObserver.None, default);

        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, Similarity = "l2_norm" }, MigrationObserver.None, default);

        Assert.Equal(alias + "-v3", plan.Migration.Target);
        Assert.Equal(alias + "-v3", plan.Body["mappings"]!["_meta"]!["vectorreindex"]!["target"]!.ToString());
    }
}
