using System.Management.Automation;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// A middle stage of a migration (Start-Backfill, Sync-Delta, Test-IndexParity): takes the
    /// migration from the pipeline or -Source/-Target, and the embedder it runs with.
    /// </summary>
    public abstract class MigrationStageCmdlet : ClusterBoundCmdlet
    {
        protected const string MigrationSet = "Migration";
        protected const string IndexSet = "Index";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = MigrationSet)]
        [ValidateNotNull]
        public VectorMigration? Migration { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IndexSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IndexNameCompleter))]
        public string Source { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = IndexSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IndexNameCompleter))]
        public string Target { get; set; } = "";

        /// <summary>The embedder; defaults to the one recorded on the migration, or copying the vectors.</summary>
        [Parameter]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        /// <summary>The engine this stage runs on: over the clusters the migration names, or the session's.</summary>
        protected MigrationEngine Engine { get; private set; } = null!;

        /// <summary>The migration from the pipeline, else the one recorded on -Target, else a new record for -Source/-Target.</summary>
        protected VectorMigration ResolveMigration(string? vectorField)
        {
            if (Migration != null)
            {
                Engine = CreateEngine(Migration);
                return Migration;
            }
            Engine = CreateEngine();
            var engine = Engine;
            var lookup = new MigrationLookup { Source = Source, Target = Target, VectorField = vectorField };
            return RunOperation(ct => engine.ResolveAsync(lookup, CreateObserver(0), ct), Target);
        }

        /// <summary>For ShouldProcess: what this run does with the vectors.</summary>
        protected string VectorWork(VectorMigration migration, string? textField) =>
            (Embedder?.IsCopy ?? migration.IsCopy) ? "copy vectors" : "re-embed " + (textField ?? migration.TextField);
    }
}
