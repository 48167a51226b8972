using VectorReindex.Core.Connection;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>The sentences -WhatIf and -Confirm show for a migration's cutover, rollback and completion, as Core words them.</summary>
public sealed class SwitchAndCompletionPlanTests
{
    private static readonly ClusterIdentity Blue = new("blue", "uuid-blue", new[] { "http://blue:9200/" });
    private static readonly ClusterIdentity Green = new("green", "uuid-green", new[] { "http://green:9200/" });

    private static VectorMigration Migration(bool moves, MigrationPhase phase = MigrationPhase.CutOver) => new()
    {
        Alias = "products",
        Source = "products-v1",
        Target = "products-v2",
        TargetAlias = moves ? "catalog" : null,
        Phase = phase,
        SourceCluster = Blue,
        TargetCluster = moves ? Green : Blue,
        CompletedAt = phase == MigrationPhase.Completed ? new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) : null,
    };

    [Fact]
    public void RollBack_OnOneCluster_MovesTheAliasBackToTheKeptCurrentSource()
    {
        var plan = MigrationSwitchPlan.For(Migration(moves: false), rollBack: true, "blue", "blue", moves: false);

        Assert.True(plan.IsRollback);
        Assert.Equal("Rolling back alias products: products-v2 -> products-v1, one atomic _aliases request. products-v1 was kept current by dual-write since the cutover; products-v2 is kept and stays written for another cutover.", plan.Description);
        Assert.Equal("Roll back alias products from products-v2 to products-v1?", plan.Question);
    }

    [Fact]
    public void RollBack_AcrossClusters_ServesTheSourceClusterAgain_AndTheTargetAliasTakesNoWrites()
    {
        var plan = MigrationSwitchPlan.For(Migration(moves: true), rollBack: true, "blue", "green", moves: true);

        Assert.True(plan.IsRollback);
        Assert.Equal("Rolling back migration products: cluster blue (products-v1) serves again, and applications switch back to it. Alias catalog on cluster green keeps reading products-v2 but takes no writes; dual-write keeps products-v2 current for another cutover.", plan.Description);
        Assert.Equal("Roll back migration products to cluster blue (products-v1)?", plan.Question);
    }

    [Fact]
    public void CutOver_AcrossClusters_PointsTheTargetAliasAndNamesTheTargetClusterServing()
    {
        var plan = MigrationSwitchPlan.For(Migration(moves: true, MigrationPhase.Verified), rollBack: false, "blue", "green", moves: true);

        Assert.False(plan.IsRollback);
        Assert.Equal("Cutting over migration products: alias catalog on cluster green -> products-v2, and the record names cluster green as serving, so applications switch to it. Writes go to cluster green first from then on; products-v1 on cluster blue is kept current for a rollback.", plan.Description);
        Assert.Equal("Point alias catalog on cluster green to products-v2 and serve migration products from cluster green?", plan.Question);
    }

    [Fact]
    public void Completion_AcrossClusters_SaysTheOldIndexIsWriteBlockedAndUnmarked()
    {
        var plan = CompletionPlan.For(Migration(moves: true), "blue");

        Assert.False(plan.IsDone);
        Assert.Equal("Completing migration products: products-v1 -> products-v2: writers stop keeping products-v1 on cluster blue current, it gets index.blocks.write (later writes to it fail) and its _meta.vectorreindex_target marker is removed. No rollback to products-v1 afterwards.", plan.Description);
        Assert.Equal("Complete migration products (products-v1 -> products-v2) and end its rollback window? No rollback to products-v1 afterwards.", plan.Question);
    }

    [Fact]
    public void Completion_OnOneCluster_LeavesTheOldIndexWritable()
    {
        var plan = CompletionPlan.For(Migration(moves: false), "blue");

        Assert.Equal("Completing migration products: products-v1 -> products-v2: writers stop keeping products-v1 current (it stays writable and in place; Switch-IndexAlias -CatchUp can still bring it up to date). No rollback to products-v1 afterwards.", plan.Description);
    }

    [Fact]
    public void Completion_AlreadyCompleted_SaysNothingChanges()
    {
        var plan = CompletionPlan.For(Migration(moves: true, MigrationPhase.Completed), "blue");

        Assert.True(plan.IsDone);
        Assert.Equal("The migration of products from products-v1 to products-v2 is already completed (2026-12-01 12:00:00Z); nothing changes.", plan.Description);
    }
}
