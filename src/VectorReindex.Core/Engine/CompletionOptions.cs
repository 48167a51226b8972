using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.CompleteAsync"/>: the cut-over migration whose rollback window ends.</summary>
    public sealed class CompletionOptions : StageOptions
    {
        public CompletionOptions(VectorMigration migration) : base(migration)
        {
        }
    }
}
