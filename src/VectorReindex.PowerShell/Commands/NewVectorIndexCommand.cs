using System.Collections;
using System.Management.Automation;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Indexes;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Creates the first live index behind a new alias (&lt;alias&gt;-v1, the alias its write index) with its model recorded.</summary>
    [Cmdlet(VerbsCommon.New, "VectorIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VectorIndex))]
    public sealed class NewVectorIndexCommand : ClusterBoundCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Alias { get; set; } = "";

        [Parameter(Mandatory = true)]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        [Parameter]
        public int? Dimensions { get; set; }

        [Parameter]
        [ValidateSet("cosine", "dot_product", "l2_norm", "max_inner_product")]
        public string? Similarity { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? IndexOptions { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? Mapping { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int? Shards { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VectorFieldCompleter))] // offers nothing while the alias is new: never file names
        public string VectorField { get; set; } = VectorIndexPlanner.DefaultVectorField;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TextFieldCompleter))]
        public string TextField { get; set; } = VectorIndexPlanner.DefaultTextField;

        protected override void ProcessRecord()
        {
            var engine = CreateEngine();
            var options = new VectorIndexOptions
            {
                Alias = Alias,
                Embedder = Embedder?.Descriptor,
                Dimensions = Dimensions,
                Similarity = Similarity,
                IndexOptions = HashtableJson.ToObject(IndexOptions),
                Mapping = HashtableJson.ToObject(Mapping),
                Shards = Shards,
                VectorField = VectorField,
                TextField = TextField,
            };
            var plan = RunOperation(ct => engine.PlanIndexAsync(options, CreateObserver(0), ct), Alias);
            if (!ShouldProcess(
                    $"Creating index {plan.Index.Index} behind alias {Alias} with body:\n{plan.BodyJson}",
                    $"Create index {plan.Index.Index} behind alias {Alias}?",
                    "New-VectorIndex"))
                return;
            WriteObject(RunOperation(ct => engine.CreateIndexAsync(plan, CreateObserver(0), ct), plan.Index.Index));
        }
    }
}
