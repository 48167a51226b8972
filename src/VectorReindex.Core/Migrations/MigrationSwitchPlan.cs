namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// A migration's cutover across clusters, or its rollback (on one cluster or across two), as
    /// Switch-IndexAlias will make it: the sentence -WhatIf shows and the question -Confirm asks.
    /// Made by <see cref="Engine.MigrationEngine.PlanMigrationSwitch"/>, which knows both clusters; changes nothing.
    /// </summary>
    public sealed class MigrationSwitchPlan
    {
        private MigrationSwitchPlan(VectorMigration migration, bool isRollback, string description, string question)
        {
            Migration = migration;
            IsRollback = isRollback;
            Description = description;
            Question = question;
        }

        public VectorMigration Migration { get; }

        /// <summary>True for a rollback (the source serves again), false for a cutover.</summary>
        public bool IsRollback { get; }

        /// <summary>What the switch does, in a sentence per step (for -WhatIf).</summary>
        public string Description { get; }

        /// <summary>The question -Confirm asks.</summary>
        public string Question { get; }

        /// <summary>The switch of <paramref name="migration"/> between <paramref name="sourceCluster"/> and <paramref name="targetCluster"/> (the same cluster unless <paramref name="moves"/>).</summary>
        internal static MigrationSwitchPlan For(VectorMigration migration, bool rollBack, string sourceCluster, string targetCluster, bool moves)
        {
            var m = migration;
            var alias = m.AliasOnTarget;
            if (!moves && rollBack)
                return new MigrationSwitchPlan(m, true,
                    $"Rolling back alias {m.Alias}: {m.Target} -> {m.Source}, one atomic _aliases request. {m.Source} was kept current by dual-write since the cutover; {m.Target} is kept and stays written for another cutover.",
                    $"Roll back alias {m.Alias} from {m.Target} to {m.Source}?");
            if (rollBack)
                return new MigrationSwitchPlan(m, true,
                    $"Rolling back migration {m.Alias}: cluster {sourceCluster} ({m.Source}) serves again, and applications switch back to it. Alias {alias} on cluster {targetCluster} keeps reading {m.Target} but takes no writes; dual-write keeps {m.Target} current for another cutover.",
                    $"Roll back migration {m.Alias} to cluster {sourceCluster} ({m.Source})?");
            if (moves)
                return new MigrationSwitchPlan(m, false,
                    $"Cutting over migration {m.Alias}: alias {alias} on cluster {targetCluster} -> {m.Target}, and the record names cluster {targetCluster} as serving, so applications switch to it. Writes go to cluster {targetCluster} first from then on; {m.Source} on cluster {sourceCluster} is kept current for a rollback.",
                    $"Point alias {alias} on cluster {targetCluster} to {m.Target} and serve migration {m.Alias} from cluster {targetCluster}?");
            return new MigrationSwitchPlan(m, false,
                $"Cutting over alias {m.Alias}: {m.Source} -> {m.Target}, one atomic _aliases request.",
                $"Switch alias {m.Alias} from {m.Source} to {m.Target}?");
        }
    }
}
