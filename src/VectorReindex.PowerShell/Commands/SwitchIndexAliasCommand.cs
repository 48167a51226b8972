using System.Management.Automation;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Moves an alias to another index in one atomic request; rollback is the same move pointed back.</summary>
    [Cmdlet(VerbsCommon.Switch, "IndexAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = MigrationSet)]
    [OutputType(typeof(VectorMigration), ParameterSetName = new[] { MigrationSet })]
    [OutputType(typeof(AliasSwitchRecord), ParameterSetName = new[] { AliasSet })]
    public sealed class SwitchIndexAliasCommand : ClusterBoundCmdlet
    {
        private const string MigrationSet = "Migration";
        private const string AliasSet = "Alias";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = MigrationSet)]
        [ValidateNotNull]
        public VectorMigration? Migration { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = AliasSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Alias { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = AliasSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IndexNameCompleter))]
        public string To { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = AliasSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IndexNameCompleter))]
        public string? From { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var cluster = Migration?.TargetCluster ?? ResolveCluster();
            var cutover = new AliasCutover(cluster.Cluster, Logger);
            var alias = Migration?.Alias ?? Alias;
            var to = Migration?.Target ?? To;
            var from = Migration != null ? Migration.Source : From;

            var plan = RunOperation(ct => cutover.PlanAsync(alias, to, from, ct), alias);
            if (!ShouldProcess(plan.ToString(), "Switch")) return;
            var at = RunOperation(ct => cutover.ExecuteAsync(plan, Force.IsPresent, ct), plan.To);

            if (Migration != null)
            {
                var updated = plan.Migration ?? Migration;
                updated.SourceCluster = Migration.SourceCluster;
                updated.TargetCluster = Migration.TargetCluster;
                WriteObject(updated);
            }
            else
            {
                WriteObject(new AliasSwitchRecord(plan.Alias, plan.From, plan.To, at));
            }
        }
    }
}
