using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>The safe delete: deletes through the alias and, with versioning, from the second index of a migration.</summary>
    [Cmdlet(VerbsCommon.Remove, "VectorDocument", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DualWriteSummary))]
    public sealed class RemoveVectorDocumentCommand : DualWriteCmdlet
    {
        private readonly List<DocumentKey> _pending = new List<DocumentKey>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Index { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("_routing")]
        [ValidateNotNullOrEmpty]
        public string? Routing { get; set; }

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 500;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var engine = CreateEngine();
            Writer = RunOperation(ct => engine.OpenDualWriteAsync(new DualWriteOptions { Index = Index, Clusters = SessionClusters() }, CreateObserver(0), ct), Index);
        }

        protected override void ProcessRecord()
        {
            _pending.AddRange(Id.Select(id => new DocumentKey(id, Routing)));
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
            SendBatch(Index, batch.Count, "Delete", ct => Writer!.DeleteAsync(batch, Summary, ct));
        }
    }
}
