using System.Collections;
using System.Management.Automation;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>
    /// Creates the shadow index of a migration from the alias's live index, with the requested changes,
    /// on the same cluster or (-TargetCluster) on another one, with the target version's defaults resolved.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ShadowIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VectorMigration))]
    public sealed class NewShadowIndexCommand : ClusterBoundCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Alias { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The cluster the shadow index is created on (default: the source's).</summary>
        [Parameter]
        [ValidateNotNull]
        [ClusterConnectionTransformation]
        [ArgumentCompleter(typeof(ConnectedClusterCompleter))]
        public ClusterConnection? TargetCluster { get; set; }

        /// <summary>The cluster the alias and its live index are read on (default: -Cluster or the session default).</summary>
        [Parameter]
        [ValidateNotNull]
        [ClusterConnectionTransformation]
        [ArgumentCompleter(typeof(ConnectedClusterCompleter))]
        public ClusterConnection? SourceCluster { get; set; }

        /// <summary>The alias's name on the target cluster, recorded for the cutover (default: -Alias).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TargetAliasNameCompleter))]
        public string? TargetAlias { get; set; }

        [Parameter]
        public int? Dimensions { get; set; }

        [Parameter]
        [ValidateSet("cosine", "dot_product", "l2_norm", "max_inner_product")]
        public string? Similarity { get; set; }

        [Parameter]
        [ValidateSet("float", "byte", "bit", "bfloat16")]
        public string? ElementType { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? IndexOptions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VectorFieldCompleter))]
        public string? VectorField { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TextFieldCompleter))]
        public string? TextField { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? Mapping { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? Settings { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int? Shards { get; set; }

        [Parameter]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        protected override void ProcessRecord()
        {
            var source = SourceCluster != null ? RequireOpen(SourceCluster, "The connection given with -SourceCluster") : ResolveCluster();
            var targetCluster = TargetCluster != null ? RequireOpen(TargetCluster, "The connection given with -TargetCluster") : source;
            var engine = new MigrationEngine(source, targetCluster);
            var options = new ShadowIndexOptions
            {
                Alias = Alias,
                Name = Name,
                TargetAlias = TargetAlias,
                Dimensions = Dimensions,
                Similarity = Similarity,
                ElementType = ElementType,
                IndexOptions = HashtableJson.ToObject(IndexOptions),
                VectorField = VectorField,
                TextField = TextField,
                Mapping = HashtableJson.ToObject(Mapping),
                Settings = HashtableJson.ToObject(Settings),
                Shards = Shards,
                Embedder = Embedder?.Descriptor,
            };
            if (Embedder?.Dimensions is int modelDims && Dimensions.HasValue && modelDims != Dimensions.Value)
                ThrowArgumentError(ErrorCatalogue.DimensionsMismatch, $"-Dimensions {Dimensions} does not match the embedder, which makes {modelDims}-dimension vectors. Give the model's output size.", Dimensions);
            var plan = RunOperation(ct => engine.PlanAsync(options, CreateObserver(0), ct), Alias);
            if (!ShouldProcess($"{plan.Description}\n{plan.Drift}\nCreate body:\n{plan.BodyJson}", plan.Question, "New-ShadowIndex"))
            {
                WriteVerbose($"Would have done: {plan.Description}\n{plan.Drift}\n{plan.BodyJson}");
                return;
            }
            WriteObject(RunOperation(ct => engine.CreateShadowAsync(plan, CreateObserver(0), ct), plan.Migration.Target));
        }
    }
}
