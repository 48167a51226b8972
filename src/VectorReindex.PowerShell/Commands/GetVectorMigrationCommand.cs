using System.Management.Automation;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Lists migrations (in flight and finished) recorded in index mappings.</summary>
    [Cmdlet(VerbsCommon.Get, "VectorMigration")]
    [OutputType(typeof(VectorMigration))]
    public sealed class GetVectorMigrationCommand : ClusterBoundCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Alias { get; set; } = "*";

        [Parameter]
        public SwitchParameter InFlight { get; set; }

        protected override void ProcessRecord()
        {
            var engine = CreateEngine();
            var pattern = new WildcardPattern(Alias, WildcardOptions.IgnoreCase);
            var migrations = RunOperation(ct => engine.ListAsync(CreateObserver(0), ct), Alias);
            foreach (var migration in migrations)
            {
                if (!pattern.IsMatch(migration.Alias)) continue;
                if (InFlight && (migration.Phase == MigrationPhase.CutOver || migration.Phase == MigrationPhase.RolledBack)) continue;
                WriteObject(migration);
            }
        }
    }
}
