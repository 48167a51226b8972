using System.Management.Automation;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Catches the target up with what changed in the source since the backfill began.</summary>
    [Cmdlet(VerbsData.Sync, "Delta", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(VectorMigration))]
    public sealed class SyncDeltaCommand : MigrationStageCmdlet
    {
        private const int ProgressId = 0xDE1;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TimestampFieldCompleter))]
        public string? TimestampField { get; set; }

        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long Until { get; set; }

        [Parameter]
        [ValidateRange(1, 100)]
        public int MaxPasses { get; set; } = 5;

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 500;

        protected override void ProcessRecord()
        {
            var migration = ResolveMigration(null);
            if (!ShouldProcess($"index {migration.Target}: copy what changed in {migration.Source}, delete what it no longer has", "Sync-Delta")) return;
            var options = new DeltaStageOptions(migration)
            {
                Embedder = Embedder,
                Delta = new DeltaOptions { TimestampField = TimestampField, Until = Until, MaxPasses = MaxPasses, BatchSize = BatchSize },
            };
            var engine = Engine;
            var result = RunOperation(ct => engine.SyncDeltaAsync(options, CreateObserver(ProgressId), ct), migration.Target);
            WriteVerbose($"Delta {result.Source} -> {result.Target}: {result.Delta}.");
            WriteObject(result);
        }
    }
}
