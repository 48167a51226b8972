namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The end of a cut-over migration's rollback window, as Complete-VectorMigration will make it:
    /// the stored record it completes, the sentence -WhatIf shows and the question -Confirm asks.
    /// Made by <see cref="Engine.MigrationEngine.PlanCompletionAsync"/>; changes nothing.
    /// </summary>
    public sealed class CompletionPlan
    {
        private CompletionPlan(VectorMigration migration, string description, string question)
        {
            Migration = migration;
            Description = description;
            Question = question;
        }

        /// <summary>The stored record (cut over, or already completed).</summary>
        public VectorMigration Migration { get; }

        /// <summary>True when the record already says Completed: completing again changes nothing.</summary>
        public bool IsDone => Migration.Phase == MigrationPhase.Completed;

        public string Description { get; }

        public string Question { get; }

        internal static CompletionPlan For(VectorMigration current, string sourceCluster)
        {
            var m = current;
            if (m.Phase == MigrationPhase.Completed)
                return new CompletionPlan(m, $"The migration of {m.Alias} from {m.Source} to {m.Target} is already completed ({m.CompletedAt:u}); nothing changes.",
                    $"Complete migration {m.Alias} again (nothing changes)?");
            var steps = m.IsCrossCluster
                ? $"writers stop keeping {m.Source} on cluster {sourceCluster} current, it gets index.blocks.write (later writes to it fail) and its _meta.{SourceMarker.MetaKey} marker is removed"
                : $"writers stop keeping {m.Source} current (it stays writable and in place; Switch-IndexAlias -CatchUp can still bring it up to date)";
            return new CompletionPlan(m,
                $"Completing migration {m.Alias}: {m.Source} -> {m.Target}: {steps}. No rollback to {m.Source} afterwards.",
                $"Complete migration {m.Alias} ({m.Source} -> {m.Target}) and end its rollback window? No rollback to {m.Source} afterwards.");
        }
    }
}
