namespace VectorReindex.Core.Migrations
{
    /// <summary>What an alias switch did: the move itself, and the migration's new record when there is one between the two indexes.</summary>
    public sealed class AliasSwitchResult
    {
        public AliasSwitchResult(AliasSwitchRecord record, VectorMigration? migration)
        {
            Record = record;
            Migration = migration;
        }

        public AliasSwitchRecord Record { get; }

        /// <summary>The record after the switch (phase CutOver or RolledBack, saved), or null when no migration connects the two indexes.</summary>
        public VectorMigration? Migration { get; }

        public override string ToString() => Record.ToString();
    }
}
