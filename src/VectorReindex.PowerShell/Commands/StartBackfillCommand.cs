using System;
using System.Globalization;
using System.Management.Automation;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Documents;
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
            var migration = ResolveMigration(VectorField, TextField);
            var generator = ResolveGenerator(migration);
            if (ServerSide && generator != null)
                ThrowArgumentError("ServerSideNeedsCopy", "-ServerSide hands the copy to the cluster's _reindex, which cannot re-embed. Drop -ServerSide, or use a copy embedder.", migration.Target);
            if (!ShouldProcess($"index {migration.Target}: backfill from {migration.Source} ({(generator == null ? "copy vectors" : "re-embed " + migration.TextField)})", "Start-Backfill"))
                return;

            var target = TargetCluster;
            var source = SourceCluster;
            BackfillState state;
            if (ServerSide)
            {
                var reindex = new ServerSideReindex(target.Transport, migration, Logger) { Progress = CreateProgress(ProgressId) };
                state = RunOperation(ct => reindex.RunAsync(MaxDocsPerSecond, ct), migration.Target);
            }
            else
            {
                var transformer = new DocumentTransformer(migration.Target, migration.VectorField, migration.TextField, migration.Dimensions, generator);
                var options = new BackfillOptions
                {
                    BatchSize = BatchSize,
                    Slices = BackfillOptions.ParseSlices(Slices),
                    MaxDocsPerSecond = MaxDocsPerSecond,
                    Resume = Resume.IsPresent,
                    MustAskForVectors = source.MustAskForVectors,
                };
                var runner = new BackfillRunner(source.Transport, target.Transport, migration, transformer, options, Logger)
                {
                    Progress = CreateProgress(ProgressId),
                    OnFailure = f => Post(() => WriteError(ErrorRecordFactory.FromDocument(f))),
                };
                state = RunOperation(ct => runner.RunAsync(ct), migration.Target);
            }
            WriteVerbose($"Backfill {migration.Source} -> {migration.Target}: {state}.");
            WriteObject(migration);
        }
    }
}
