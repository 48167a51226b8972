using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Tests.Migrations;

/// <summary>Which recorded migration Complete-VectorMigration -Alias means, and the names it refuses to guess about.</summary>
public sealed class CompletionChoiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static VectorMigration Record(string alias, string source, string target, MigrationPhase phase, int hour, string? targetAlias = null) => new()
    {
        Alias = alias,
        Source = source,
        Target = target,
        TargetAlias = targetAlias,
        Phase = phase,
        CreatedAt = T0.AddHours(hour),
        CutoverAt = phase is MigrationPhase.CutOver or MigrationPhase.Completed ? T0.AddHours(hour + 1) : null,
    };

    [Fact]
    public void Choose_NoMigrationOfTheAlias_RefusedAsNoMigrationForAlias()
    {
        var recorded = new[] { Record("orders", "orders-v1", "orders-v2", MigrationPhase.CutOver, 0) };

        var error = Assert.Throws<VectorMigrationException>(() => CompletionChoice.Choose(recorded, "products", "blue"));

        Assert.Equal(MigrationErrorCodes.NoMigrationForAlias, error.ErrorId);
        Assert.Equal(MigrationErrorKind.NotFound, error.Kind);
        Assert.Equal("products", error.Target);
        Assert.Equal("No migration of alias products is recorded on cluster blue. A migration to another cluster is recorded on its target cluster.", error.Message);
    }

    [Fact]
    public void Choose_CutOverCompletedAndInFlight_TakesTheNewestCutOver()
    {
        var recorded = new[]
        {
            Record("products", "products-v1", "products-v2", MigrationPhase.CutOver, 0),
            Record("products", "products-v2", "products-v3", MigrationPhase.CutOver, 5),
            Record("products", "products-v0", "products-v1", MigrationPhase.Completed, 9),
            Record("products", "products-v3", "products-v4", MigrationPhase.Backfilled, 10),
        };

        Assert.Equal("products-v3", CompletionChoice.Choose(recorded, "products", "blue").Target);
    }

    [Fact]
    public void Choose_NothingCutOver_TakesTheNewestCompleted_ElseTheNewestOfAnyPhase()
    {
        var completed = new[]
        {
            Record("products", "products-v1", "products-v2", MigrationPhase.Completed, 0),
            Record("products", "products-v2", "products-v3", MigrationPhase.RolledBack, 5),
        };
        var none = new[]
        {
            Record("products", "products-v1", "products-v2", MigrationPhase.Abandoned, 0),
            Record("products", "products-v1", "products-v3", MigrationPhase.Backfilled, 5),
        };

        Assert.Equal("products-v2", CompletionChoice.Choose(completed, "products", "blue").Target);
        Assert.Equal("products-v3", CompletionChoice.Choose(none, "products", "blue").Target);
    }

    [Fact]
    public void Choose_TheAliasOnTheTargetCluster_FindsTheMigrationRecordedUnderAnotherName()
    {
        var recorded = new[] { Record("products", "products-v1", "catalog-v1", MigrationPhase.CutOver, 0, targetAlias: "catalog") };

        Assert.Equal("catalog-v1", CompletionChoice.Choose(recorded, "catalog", "green").Target);
    }

    [Fact]
    public void Choose_NameOfTwoDifferentAliases_RefusedAsAmbiguousMigration_NamingBoth()
    {
        var recorded = new[]
        {
            Record("catalog", "catalog-v1", "catalog-v2", MigrationPhase.CutOver, 0),
            Record("products", "products-v1", "catalog-v9", MigrationPhase.CutOver, 3, targetAlias: "catalog"),
        };

        var error = Assert.Throws<VectorMigrationException>(() => CompletionChoice.Choose(recorded, "catalog", "green"));

        Assert.Equal(MigrationErrorCodes.AmbiguousMigration, error.ErrorId);
        Assert.Equal(MigrationErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("Alias catalog on cluster green names 2 migrations of different aliases: catalog (catalog-v1 -> catalog-v2, CutOver); products (products-v1 -> catalog-v9, alias catalog on the target, CutOver).", error.Message);
    }
}
