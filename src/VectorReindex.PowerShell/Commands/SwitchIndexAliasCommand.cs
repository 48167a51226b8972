using System.Management.Automation;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
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

        /// <summary>Switch the migration back from its target to its source (a rollback).</summary>
        [Parameter(ParameterSetName = MigrationSet)]
        public SwitchParameter RollBack { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter AllowModelChange { get; set; }

        [Parameter]
        public SwitchParameter CatchUp { get; set; }

        [Parameter]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        protected override void ProcessRecord()
        {
            var engine = Migration != null ? CreateEngine(Migration) : CreateEngine();
            if (Migration != null && (RollBack || !engine.Source.Identity.IsSameCluster(engine.Target.Identity)))
            {
                SwitchMigration(engine, Migration);
                return;
            }
            var options = Migration != null
                ? new AliasSwitchOptions { Alias = Migration.Alias, To = Migration.Target, From = Migration.Source }
                : new AliasSwitchOptions { Alias = Alias, To = To, From = From };
            options.Force = Force.IsPresent;
            options.AllowModelChange = AllowModelChange.IsPresent;
            options.CatchUp = CatchUp.IsPresent;
            options.Embedder = Embedder;

            var plan = RunOperation(ct => engine.PlanAliasSwitchAsync(options, CreateObserver(0), ct), options.Alias);
            if (!ShouldProcess(plan.ToString(), "Switch")) return;
            var result = RunOperation(ct => engine.SwitchAliasAsync(plan, options, CreateObserver(0), ct), plan.To);
            if (Migration != null) WriteObject(result.Migration ?? Migration);
            else WriteObject(result.Record);
        }

        /// <summary>A migration's cutover (across clusters: the target alias on the target cluster) or its rollback.</summary>
        private void SwitchMigration(MigrationEngine engine, VectorMigration migration)
        {
            var options = new CutoverOptions(migration) { Force = Force.IsPresent, Embedder = Embedder };
            var plan = engine.PlanMigrationSwitch(options, RollBack.IsPresent);
            if (!ShouldProcess(plan.Description, plan.Question, "Switch-IndexAlias")) return;
            var switched = plan.IsRollback
                ? RunOperation(ct => engine.RollBackAsync(options, CreateObserver(0), ct), migration.Source)
                : RunOperation(ct => engine.CutOverAsync(options, CreateObserver(0), ct), migration.Target);
            WriteObject(switched);
        }
    }
}
