using System;
using System.Management.Automation;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Checks a target against its source and records the result on the migration.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "IndexParity", DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(VectorMigration))]
    public sealed class TestIndexParityCommand : MigrationStageCmdlet
    {
        private const int ProgressId = 0x9A1;

        [Parameter]
        [ValidateRange(0, 10000)]
        public int SampleSize { get; set; } = 100;

        [Parameter]
        [ValidateRange(0, 1000)]
        public int Queries { get; set; } = 10;

        [Parameter]
        public int Seed { get; set; } = Environment.TickCount;

        protected override void ProcessRecord()
        {
            var migration = ResolveMigration(null);
            var options = new ParityStageOptions(migration) { Embedder = Embedder, SampleSize = SampleSize, Queries = Queries, Seed = Seed };
            var engine = Engine;
            var result = RunOperation(ct => engine.CheckParityAsync(options, CreateObserver(ProgressId), ct), migration.Target);
            if (result.Parity is { Passed: false }) WriteError(ErrorCatalogue.ParityFailed(result));
            WriteObject(result);
        }
    }
}
