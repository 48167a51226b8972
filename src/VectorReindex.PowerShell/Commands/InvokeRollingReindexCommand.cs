using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json.Nodes;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Delta;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Rolling;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Runs (or resumes) a whole rolling update: shadow, backfill, delta, parity, cutover.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RollingReindex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RollingReindexReport))]
    public sealed class InvokeRollingReindexCommand : ClusterBoundCmdlet
    {
        private const int PhaseProgressId = 0x7011;
        private const int StageProgressId = 0x7012;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Alias { get; set; } = "";

        [Parameter]
        public int? Dimensions { get; set; }

        [Parameter]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TextFieldCompleter))]
        public string? TextField { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VectorFieldCompleter))]
        public string? VectorField { get; set; }

        [Parameter]
        [ValidateSet("cosine", "dot_product", "l2_norm", "max_inner_product")]
        public string? Similarity { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? IndexOptions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 500;

        [Parameter]
        [ValidatePattern(@"^(auto|[1-9][0-9]?)$")]
        public string Slices { get; set; } = "auto";

        [Parameter]
        [ValidateRange(0, double.MaxValue)]
        public double MaxDocsPerSecond { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimestampField { get; set; }

        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long Until { get; set; }

        [Parameter]
        public SwitchParameter KeepOld { get; set; } = true;

        [Parameter]
        public SwitchParameter Resume { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var cluster = ResolveCluster();
            if (!ShouldProcess($"alias {Alias}: new shadow index, backfill, delta, parity and cutover", "Invoke-RollingReindex")) return;
            var generator = Embedder == null || Embedder.IsCopy ? null : Embedder.BindToPipeline(Post, Logger);
            var options = new RollingReindexOptions
            {
                Shadow = new ShadowIndexOptions
                {
                    Alias = Alias,
                    Name = Name,
                    Dimensions = Dimensions,
                    Similarity = Similarity,
                    IndexOptions = HashtableJson.ToObject(IndexOptions),
                    VectorField = VectorField,
                    TextField = TextField,
                    Embedder = Embedder == null ? null : JsonNode.Parse(Embedder.Descriptor.ToJson())!.AsObject(),
                },
                Backfill = new BackfillOptions
                {
                    BatchSize = BatchSize,
                    Slices = BackfillOptions.ParseSlices(Slices),
                    MaxDocsPerSecond = MaxDocsPerSecond,
                    Resume = Resume.IsPresent,
                    MustAskForVectors = cluster.MustAskForVectors,
                },
                Delta = new DeltaOptions { TimestampField = TimestampField, Until = Until, BatchSize = BatchSize, MustAskForVectors = cluster.MustAskForVectors },
                Force = Force.IsPresent,
            };
            var rolling = new RollingReindex(cluster.Transport, Logger)
            {
                Progress = CreateProgress(PhaseProgressId),
                StageProgress = CreateProgress(StageProgressId, PhaseProgressId),
                OnFailure = f => Post(() => WriteError(ErrorRecordFactory.FromDocument(f))),
            };
            var report = RunOperation(ct => rolling.RunAsync(options, generator, ct), Alias);
            if (report.Migration != null)
            {
                report.Migration.SourceCluster = cluster;
                report.Migration.TargetCluster = cluster;
            }
            if (!KeepOld.IsPresent && (Force.IsPresent || ShouldContinue($"Delete the old index {report.Source}? A rollback to it will no longer be possible.", "Invoke-RollingReindex -KeepOld:$false")))
            {
                var service = new ShadowIndexService(cluster.Transport, Logger);
                RunOperation(ct => service.RemoveAsync(report.Source, ct), report.Source);
            }
            WriteObject(report);
        }
    }
}
