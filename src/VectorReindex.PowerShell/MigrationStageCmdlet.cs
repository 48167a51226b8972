using System.Management.Automation;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// A middle stage of a migration (Start-Backfill, Sync-Delta, Test-IndexParity): takes the
    /// migration from the pipeline or -Source/-Target, and resolves the embedder it runs with.
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

        protected ClusterConnection TargetCluster { get; private set; } = null!;

        protected ClusterConnection SourceCluster { get; private set; } = null!;

        /// <summary>The migration from the pipeline, else the one recorded on -Target, else a new record for -Source/-Target.</summary>
        protected VectorMigration ResolveMigration(string? vectorField, string? textField)
        {
            TargetCluster = Migration?.TargetCluster ?? ResolveCluster();
            SourceCluster = Migration?.SourceCluster ?? TargetCluster;
            var migration = Migration;
            if (migration == null)
            {
                var transport = TargetCluster.Cluster;
                var source = Source;
                var target = Target;
                migration = RunOperation(async ct =>
                {
                    var recorded = await MigrationStore.ReadAsync(transport, target, ct).ConfigureAwait(false);
                    if (recorded != null && recorded.Source == source) return recorded;
                    var mappings = await new IndicesApi(transport).GetMappingAsync(target, ct).ConfigureAwait(false);
                    var field = ShadowIndexPlanner.ChooseVectorField(mappings, vectorField, target);
                    var dims = ShadowIndexPlanner.FieldAt(mappings, field)?["dims"] is JsonValue d && d.TryGetValue(out int n) ? n : (int?)null;
                    return new VectorMigration { Source = source, Target = target, VectorField = field, Dimensions = dims };
                }, Target);
            }
            if (vectorField != null) migration.VectorField = vectorField;
            if (textField != null) migration.TextField = textField;
            migration.SourceCluster = SourceCluster;
            migration.TargetCluster = TargetCluster;
            return migration;
        }

        /// <summary>
        /// The generator this run embeds with (null: copy the source vectors). Records -Embedder on
        /// the migration; without it, rebuilds the recorded one where it can (hashing, OpenAI
        /// without a key) and otherwise stops with EmbedderRequired.
        /// </summary>
        protected IEmbeddingGenerator<string, Embedding<float>>? ResolveGenerator(VectorMigration migration)
        {
            if (Embedder != null)
            {
                migration.Embedder = JsonNode.Parse(Embedder.Descriptor.ToJson())!.AsObject();
                return Embedder.IsCopy ? null : Embedder.BindToPipeline(Post, Logger);
            }
            if (migration.IsCopy) return null;
            var descriptor = migration.EmbedderDescriptor!;
            if (EmbedderFactory.TryCreate(descriptor, out var generator)) return generator;
            ThrowTerminatingError(new ErrorRecord(new PSInvalidOperationException(
                $"The migration of {migration.Target} re-embeds with {descriptor.Description}, which cannot be rebuilt from its record (it needs a key or a script block). Pass the same embedder with -Embedder."),
                "EmbedderRequired", ErrorCategory.InvalidArgument, migration.Target));
            return null;
        }
    }
}
