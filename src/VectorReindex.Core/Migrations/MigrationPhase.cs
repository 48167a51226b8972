namespace VectorReindex.Core.Migrations
{
    /// <summary>Where a migration is. Stored by name in the target index's mapping _meta.</summary>
    public enum MigrationPhase
    {
        Created,
        Backfilling,
        Backfilled,
        Syncing,
        Synced,
        Verified,
        CutOver,
        RolledBack,
    }
}
