using System.Management.Automation;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Abandons a migration by deleting its target index; refuses any index an alias points to.</summary>
    [Cmdlet(VerbsCommon.Remove, "ShadowIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveShadowIndexCommand : ClusterBoundCmdlet
    {
        private const string MigrationSet = "Migration";
        private const string IndexSet = "Index";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = MigrationSet)]
        [ValidateNotNull]
        public VectorMigration? Migration { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IndexSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IndexNameCompleter))]
        public string Index { get; set; } = "";

        protected override void ProcessRecord()
        {
            var engine = Migration != null ? CreateEngine(Migration) : CreateEngine();
            var index = Migration?.Target ?? Index;
            RunOperation(ct => engine.CheckRemovableAsync(index, CreateObserver(0), ct), index);
            if (!ShouldProcess("index " + index, "Delete")) return;
            RunOperation(ct => engine.RemoveIndexAsync(index, CreateObserver(0), ct), index);
        }
    }
}
