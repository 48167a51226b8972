using VectorReindex.Core.Backfill;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.BackfillAsync"/>.</summary>
    public sealed class BackfillStageOptions : StageOptions
    {
        public BackfillStageOptions(VectorMigration migration) : base(migration)
        {
        }

        /// <summary>Replaces the recorded text field (what a re-embedding migration embeds).</summary>
        public string? TextField { get; set; }

        /// <summary>Replaces the recorded vector field.</summary>
        public string? VectorField { get; set; }

        public BackfillOptions Backfill { get; set; } = new BackfillOptions();

        /// <summary>Hand the copy to the cluster's own _reindex (copy migrations only).</summary>
        public bool ServerSide { get; set; }
    }
}
