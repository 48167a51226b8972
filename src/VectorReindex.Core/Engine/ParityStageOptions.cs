using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Engine
{
    /// <summary>Input of <see cref="MigrationEngine.CheckParityAsync"/>.</summary>
    public sealed class ParityStageOptions : StageOptions
    {
        public ParityStageOptions(VectorMigration migration) : base(migration)
        {
        }

        /// <summary>Documents whose vectors are compared.</summary>
        public int SampleSize { get; set; } = 100;

        /// <summary>Sampled documents used as kNN queries against both indexes.</summary>
        public int Queries { get; set; } = 10;

        public int Seed { get; set; } = 1;
    }
}
