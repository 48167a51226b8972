using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Engine;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>The safe upsert: writes through the alias and, during a migration (or after cutover, to the old index), to the second index with versioning.</summary>
    [Cmdlet(VerbsCommunications.Write, "VectorDocument", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TextSet)]
    [OutputType(typeof(DualWriteSummary))]
    public sealed class WriteVectorDocumentCommand : DualWriteCmdlet
    {
        private const string TextSet = "Text";
        private const string VectorSet = "Vector";

        private readonly List<VectorDocument> _pending = new List<VectorDocument>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Index { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id")]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TextSet)]
        [ValidateNotNullOrEmpty]
        public string? Text { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VectorSet)]
        [ValidateNotNullOrEmpty]
        public float[]? Vector { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Hashtable? Metadata { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("_routing")]
        [ValidateNotNullOrEmpty]
        public string? Routing { get; set; }

        [Parameter]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        [Parameter]
        [EmbedderTransformation]
        public VectorEmbedder? TargetEmbedder { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TextFieldCompleter))]
        public string? TextField { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VectorFieldCompleter))]
        public string? VectorField { get; set; }

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 200;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var engine = CreateEngine();
            var options = new DualWriteOptions { Index = Index, Embedder = Embedder, TargetEmbedder = TargetEmbedder, TextField = TextField, VectorField = VectorField, Clusters = SessionClusters() };
            Writer = RunOperation(ct => engine.OpenDualWriteAsync(options, CreateObserver(0), ct), Index);
        }

        protected override void ProcessRecord()
        {
            _pending.Add(new VectorDocument(Id, Text, Vector, HashtableJson.ToObject(Metadata), Routing));
            if (_pending.Count >= BatchSize) Flush();
        }

        protected override void EndProcessing()
        {
            Flush();
            WriteSummary();
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var batch = _pending.ToList();
            _pending.Clear();
            SendBatch(Index, batch.Count, "Write", ct => Writer!.WriteAsync(batch, Summary, ct));
        }
    }
}
