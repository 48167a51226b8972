using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.DualWrite;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>The safe delete: deletes through the alias and, with versioning, from the second index of a migration.</summary>
    [Cmdlet(VerbsCommon.Remove, "VectorDocument", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DualWriteSummary))]
    public sealed class RemoveVectorDocumentCommand : ClusterBoundCmdlet
    {
        private readonly List<string> _pending = new List<string>();
        private readonly DualWriteSummary _summary = new DualWriteSummary();
        private DualWriter? _writer;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Index { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 500;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var cluster = ResolveCluster();
            _writer = RunOperation(ct => DualWriter.CreateAsync(cluster.Transport, Index, null, null, null, null, Logger, ct), Index);
        }

        protected override void ProcessRecord()
        {
            _pending.AddRange(Id);
            if (_pending.Count >= BatchSize) Flush();
        }

        protected override void EndProcessing()
        {
            Flush();
            WriteObject(_summary);
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var batch = _pending.ToList();
            _pending.Clear();
            var where = _writer!.Second != null ? $"{Index} ({_writer.Live}) and {_writer.Second}" : $"{Index} ({_writer.Live})";
            if (!ShouldProcess($"{batch.Count} document(s) from {where}", "Delete")) return;
            foreach (var f in RunOperation(ct => _writer.DeleteAsync(batch, _summary, ct), Index))
                WriteError(ErrorRecordFactory.FromDocument(f));
        }
    }
}
