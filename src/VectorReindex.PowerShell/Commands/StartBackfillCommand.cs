using System.Management.Automation;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Copies or re-embeds every source document into the target, in parallel PIT slices, resumably.</summary>
    [Cmdlet(VerbsLifecycle.Start, "Backfill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(VectorMigration))]
    public sealed class StartBackfillCommand : MigrationStageCmdlet
    {
        private const int ProgressId = 0xBAC;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TextFieldCompleter))]
        public string? TextField { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VectorFieldCompleter))]
        public string? VectorField { get; set; }

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 500;

        [Parameter]
        [ValidatePattern(@"^(auto|[1-9][0-9]?)$")]
        public string Slices { get; set; } = "auto";

        [Parameter]
        [ValidateRange(0, double.MaxValue)]
        public double MaxDocsPerSecond { get; set; }

        [Parameter]
        public SwitchParameter Resume { get; set; }

        [Parameter]
        public SwitchParameter ServerSide { get; set; }

        protected override void ProcessRecord()
        {
            var migration = ResolveMigration(VectorField);
            if (!ShouldProcess($"index {migration.Target}: backfill from {migration.Source} ({VectorWork(migration, TextField)})", "Start-Backfill"))
                return;
            var options = new BackfillStageOptions(migration)
            {
                Embedder = Embedder,
                TextField = TextField,
                VectorField = VectorField,
                ServerSide = ServerSide.IsPresent,
                Backfill = new BackfillOptions
                {
                    BatchSize = BatchSize,
                    Slices = BackfillOptions.ParseSlices(Slices),
                    MaxDocsPerSecond = MaxDocsPerSecond,
                    Resume = Resume.IsPresent,
                },
            };
            var engine = Engine;
            var result = RunOperation(ct => engine.BackfillAsync(options, CreateObserver(ProgressId), ct), migration.Target);
            WriteVerbose($"Backfill {result.Source} -> {result.Target}: {result.Backfill}.");
            if (result.Phase == MigrationPhase.BackfillIncomplete)
                WriteWarning($"The backfill of {result.Target} is incomplete: {result.Backfill}. Switch-IndexAlias refuses it; fix the cause, then run Sync-Delta (it copies what is missing) or Start-Backfill again.");
            WriteObject(result);
        }
    }
}
