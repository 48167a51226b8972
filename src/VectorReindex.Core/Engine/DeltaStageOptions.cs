using VectorReindex.Core.Delta;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.SyncDeltaAsync"/>.</summary>
    public sealed class DeltaStageOptions : StageOptions
    {
        public DeltaStageOptions(VectorMigration migration) : base(migration)
        {
        }

        public DeltaOptions Delta { get; set; } = new DeltaOptions();
    }
}
