namespace VectorReindex.Core.Migrations
{
    /// <summary>Where a migration is. Stored by name in the target index's mapping _meta.</summary>
    public enum MigrationPhase
    {
        Created,
        Backfilling,

        /// <summary>The backfill ran to its end but some documents were not copied (see the failure kinds), or the server-side task did not finish: not ready for a cutover until Sync-Delta or a rerun brings them over.</summary>
        BackfillIncomplete,
        Backfilled,
        Syncing,
        Synced,
        Verified,
        CutOver,
        RolledBack,

        /// <summary>Cut over and its rollback window closed (Complete-VectorMigration): the old index is no longer written, nor rolled back to.</summary>
        Completed,

        /// <summary>Given up before its cutover (a restart with another plan): no longer written to, never switched to; the index is left for Remove-ShadowIndex.</summary>
        Abandoned,
    }
}
