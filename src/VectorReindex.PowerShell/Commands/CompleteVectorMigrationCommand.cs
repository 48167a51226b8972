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
            var migration = Migration ?? RunOperation(ct => CreateEngine().FindCompletionAsync(Alias, CreateObserver(0), ct), Alias);
            var engine = CreateEngine(migration);
            var options = new CompletionOptions(migration);
            var plan = RunOperation(ct => engine.PlanCompletionAsync(options, CreateObserver(0), ct), migration.Target);
            if (!ShouldProcess(plan.Description, plan.Question, "Complete-VectorMigration")) return;
            WriteObject(RunOperation(ct => engine.CompleteAsync(options, CreateObserver(0), ct), migration.Target));
        }
    }
}
