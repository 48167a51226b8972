using VectorReindex.Core.Backfill;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Tests.Engine;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>A stage keeps to the recorded plan and checks the fields against the mappings, before its first write.</summary>
public sealed class MigrationPlanGuardTests : IClassFixture<EngineFixture>
{
    private const int Dims = 8;
    private readonly EngineFixture _fixture;

    public MigrationPlanGuardTests(EngineFixture fixture) => _fixture = fixture;

    private MigrationEngine Engine => _fixture.Engine;

    private async Task<(string Alias, VectorMigration Migration)> ReembeddingAsync(string stem, int dims = 4)
    {
        var alias = await _fixture.LiveAliasAsync(stem, 20, Dims);
        var plan = await Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, TextField = "title", Dimensions = dims, Embedder = VectorEmbedder.Hashing(dims).Descriptor }, MigrationObserver.None, default);
        return (alias, await Engine.CreateShadowAsync(plan, MigrationObserver.None, default));
    }

    private Task<VectorMigration> BackfillAsync(BackfillStageOptions options) => Engine.BackfillAsync(options, new RecordingObserver(), default);

    private async Task AssertNothingWrittenAsync(string alias)
    {
        Assert.Equal(0L, await _fixture.Seed.CountAsync(alias + "-v2"));
        Assert.Equal(MigrationPhase.Created, (await Engine.FindInFlightAsync(alias, MigrationObserver.None, default))!.Phase);
    }

    [Fact]
    public async Task Backfill_WithAVectorFieldOtherThanTheRecordedOne_IsMigrationPlanMismatch_AndTheRecordKeepsItsField()
    {
        var (alias, created) = await ReembeddingAsync("plan-vector");

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            BackfillAsync(new BackfillStageOptions(created) { VectorField = "embeding", Embedder = VectorEmbedder.Hashing(4) }));

        Assert.Equal(MigrationErrorCodes.MigrationPlanMismatch, refused.ErrorId);
        Assert.Contains("vector field 'embedding'", refused.Message);
        Assert.Contains("'embeding'", refused.Message);
        Assert.Equal("embedding", (await Engine.FindInFlightAsync(alias, MigrationObserver.None, default))!.VectorField);
        await AssertNothingWrittenAsync(alias);
    }

    [Fact]
    public async Task Backfill_WithAnEmbedderOfOtherDimensionsThanRecorded_IsMigrationPlanMismatch()
    {
        var (alias, created) = await ReembeddingAsync("plan-embedder");

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            BackfillAsync(new BackfillStageOptions(created) { Embedder = VectorEmbedder.Hashing(16) }));

        Assert.Equal(MigrationErrorCodes.MigrationPlanMismatch, refused.ErrorId);
        Assert.Contains("embedder", refused.Message);
        await AssertNothingWrittenAsync(alias);
    }

    [Theory]
    [InlineData("titel", MigrationErrorCodes.TextFieldNotFound)]
    [InlineData("price", MigrationErrorCodes.NotATextField)]
    public async Task ShadowPlan_OfATextFieldThatIsNotTextInTheSource_IsRefused_AndNoIndexIsCreated(string textField, string errorId)
    {
        var alias = await _fixture.LiveAliasAsync("plan-text", 20, Dims);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            Engine.PlanAsync(new ShadowIndexOptions { Alias = alias, TextField = textField, Dimensions = 4, Embedder = VectorEmbedder.Hashing(4).Descriptor }, MigrationObserver.None, default));

        Assert.Equal(errorId, refused.ErrorId);
        Assert.Equal(textField, refused.Target);
        Assert.Contains("title", refused.Message); // the fields it could have meant
        Assert.Null(await Engine.FindInFlightAsync(alias, MigrationObserver.None, default));
    }

    [Fact]
    public async Task Backfill_WithoutARecord_OfATextFieldTheSourceDoesNotHave_IsTextFieldNotFound_BeforeAnyWrite()
    {
        var source = await _fixture.LiveAliasAsync("plan-text-bf", 20, Dims) + "-v1";
        var target = source + "-copy";
        await _fixture.Seed.CreateVectorIndexAsync(target, null, 4);
        var unsaved = await Engine.ResolveAsync(new MigrationLookup { Source = source, Target = target }, MigrationObserver.None, default);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            BackfillAsync(new BackfillStageOptions(unsaved) { Embedder = VectorEmbedder.Hashing(4), TextField = "titel" }));

        Assert.Equal(MigrationErrorCodes.TextFieldNotFound, refused.ErrorId);
        Assert.Equal(0L, await _fixture.Seed.CountAsync(target));
    }

    [Fact]
    public async Task Backfill_WithoutARecord_OfAnEmbedderWhoseDimensionsDifferFromTheTargetField_IsDimensionsMismatch()
    {
        var source = await _fixture.LiveAliasAsync("plan-dims", 20, Dims) + "-v1";
        var target = source + "-copy";
        await _fixture.Seed.CreateVectorIndexAsync(target, null, Dims);
        var unsaved = await Engine.ResolveAsync(new MigrationLookup { Source = source, Target = target }, MigrationObserver.None, default);

        var refused = await Assert.ThrowsAsync<VectorMigrationException>(() =>
            BackfillAsync(new BackfillStageOptions(unsaved) { Embedder = VectorEmbedder.Hashing(16), TextField = "title" }));

        Assert.Equal(MigrationErrorCodes.DimensionsMismatch, refused.ErrorId);
        Assert.Equal(0L, await _fixture.Seed.CountAsync(target));
    }
}
