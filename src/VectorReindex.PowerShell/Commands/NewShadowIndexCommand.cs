using System.Collections;
using System.Management.Automation;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Creates the shadow index of a migration from the alias's live index, with the requested changes.</summary>
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

        [Parameter]
        public int? Dimensions { get; set; }

        [Parameter]
        [ValidateSet("cosine", "dot_product", "l2_norm", "max_inner_product")]
        public string? Similarity { get; set; }

        [Parameter]
        [ValidateSet("float", "byte", "bit")]
        public string? ElementType { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? IndexOptions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? VectorField { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
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
            var engine = CreateEngine();
            var options = new ShadowIndexOptions
            {
                Alias = Alias,
                Name = Name,
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
            var target = "index " + plan.Migration.Target;
            if (!ShouldProcess(
                    $"Creating index {plan.Migration.Target} for alias {Alias} (source {plan.Migration.Source}) with body:\n{plan.BodyJson}",
                    $"Create index {plan.Migration.Target} for alias {Alias}?",
                    "New-ShadowIndex"))
            {
                WriteVerbose($"Would create {target}:\n{plan.BodyJson}");
                return;
            }
            WriteObject(RunOperation(ct => engine.CreateShadowAsync(plan, CreateObserver(0), ct), plan.Migration.Target));
        }
    }
}
