using System.Collections;
using System.Management.Automation;
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
        [ArgumentCompleter(typeof(TimestampFieldCompleter))]
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

        [Parameter]
        public SwitchParameter Restart { get; set; }

        protected override void ProcessRecord()
        {
            var engine = CreateEngine();
            if (!ShouldProcess($"alias {Alias}: new shadow index, backfill, delta, parity and cutover", "Invoke-RollingReindex")) return;
            var options = new RollingReindexOptions
            {
                Embedder = Embedder,
                Shadow = new ShadowIndexOptions
                {
                    Alias = Alias,
                    Name = Name,
                    Dimensions = Dimensions,
                    Similarity = Similarity,
                    IndexOptions = HashtableJson.ToObject(IndexOptions),
                    VectorField = VectorField,
                    TextField = TextField,
                },
                Backfill = new BackfillOptions
                {
                    BatchSize = BatchSize,
                    Slices = BackfillOptions.ParseSlices(Slices),
                    MaxDocsPerSecond = MaxDocsPerSecond,
                    Resume = Resume.IsPresent,
                },
                Delta = new DeltaOptions { TimestampField = TimestampField, Until = Until, BatchSize = BatchSize },
                Force = Force.IsPresent,
                Restart = Restart.IsPresent,
            };
            var report = RunOperation(ct => engine.RunRollingAsync(options, CreateObserver(StageProgressId, PhaseProgressId), ct), Alias);
            if (!KeepOld.IsPresent && !report.UpToDate && (Force.IsPresent || ShouldContinue($"Delete the old index {report.Source}? A rollback to it will no longer be possible.", "Invoke-RollingReindex -KeepOld:$false")))
                RunOperation(ct => engine.RemoveIndexAsync(report.Source, CreateObserver(0), ct), report.Source);
            WriteObject(report);
        }
    }
}
