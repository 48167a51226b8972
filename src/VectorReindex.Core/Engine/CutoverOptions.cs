using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.CutOverAsync"/> and <see cref="MigrationEngine.RollBackAsync"/>.</summary>
    public sealed class CutoverOptions : StageOptions
    {
        public CutoverOptions(VectorMigration migration) : base(migration)
        {
        }

        /// <summary>Move the alias without the parity (document count) check.</summary>
        public bool Force { get; set; }
    }
}
