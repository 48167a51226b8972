using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Ends the rollback window of a cut-over migration: writers stop keeping the old index current; across clusters the old index is write-blocked and its marker removed.</summary>
    [Cmdlet(VerbsLifecycle.Complete, "VectorMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(VectorMigration))]
    public sealed class CompleteVectorMigrationCommand : ClusterBoundCmdlet
    {
        private const string MigrationSet = "Migration";
        private const string AliasSet = "Alias";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = MigrationSet)]
        [ValidateNotNull]
        public VectorMigration? Migration { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AliasSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Alias { get; set; } = "";

        protected override void ProcessRecord()
        {
            var migration = Migration ?? FindByAlias();
            var engine = CreateEngine(migration);
            var options = new CompletionOptions(migration);
            var current = RunOperation(ct => engine.CheckCompletionAsync(options, CreateObserver(0), ct), migration.Target);
            var what = current.IsCrossCluster
                ? $"stop writing {current.Source} on cluster {current.SourceCluster?.Name}, block writes to it (index.blocks.write) and remove its migration marker"
                : $"stop writing {current.Source}";
            if (!ShouldProcess($"migration {current.Alias}: {current.Source} -> {current.Target}", "Complete (" + what + "; no rollback afterwards)")) return;
            WriteObject(RunOperation(ct => engine.CompleteAsync(options, CreateObserver(0), ct), migration.Target));
        }

        /// <summary>The newest migration of -Alias recorded on -Cluster (or the session default) that is cut over or completed.</summary>
        private VectorMigration FindByAlias()
        {
            var engine = CreateEngine();
            var all = RunOperation(ct => engine.ListAsync(CreateObserver(0), ct), Alias);
            var found = all.LastOrDefault(m => (m.Alias == Alias || m.TargetAlias == Alias) && m.TargetServes) ?? all.LastOrDefault(m => m.Alias == Alias || m.TargetAlias == Alias);
            if (found == null)
                ThrowTerminatingError(ErrorCatalogue.Create(MigrationErrorCodes.MigrationNotCutOver,
                    new PSInvalidOperationException($"No migration of alias {Alias} is recorded on cluster {engine.Target.ClusterName}. A migration to another cluster is recorded there: pass its connection with -Cluster."), Alias));
            return found!;
        }
    }
}
