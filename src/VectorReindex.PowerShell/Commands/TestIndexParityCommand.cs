using System;
using System.Management.Automation;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Parity;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Checks a target against its source and records the result on the migration.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "IndexParity", DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(VectorMigration))]
    public sealed class TestIndexParityCommand : MigrationStageCmdlet
    {
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
            var migration = ResolveMigration(null, null);
            var generator = ResolveGenerator(migration);
            var checker = new ParityChecker(SourceCluster.Cluster, TargetCluster.Cluster, migration, generator, SourceCluster.MustAskForVectors, Logger);
            var target = TargetCluster.Cluster;
            var result = RunOperation(async ct =>
            {
                var parity = await checker.CheckAsync(SampleSize, Queries, Seed, ct).ConfigureAwait(false);
                migration.Parity = parity;
                if (parity.Passed && migration.Phase < MigrationPhase.Verified) migration.Phase = MigrationPhase.Verified;
                if (migration.Alias.Length > 0 || await MigrationStore.ReadAsync(target, migration.Target, ct).ConfigureAwait(false) != null)
                    await MigrationStore.SaveAsync(target, MigrationStore.Clone(migration), ct).ConfigureAwait(false);
                return parity;
            }, migration.Target);
            if (!result.Passed)
                WriteError(new ErrorRecord(new InvalidOperationException(
                    $"{migration.Target} does not match {migration.Source}: {string.Join("; ", result.Problems)}. Run Sync-Delta and test again."),
                    "ParityFailed", ErrorCategory.InvalidResult, migration.Target));
            WriteObject(migration);
        }
    }
}
