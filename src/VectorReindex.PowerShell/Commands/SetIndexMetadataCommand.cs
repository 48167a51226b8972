using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Metadata;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Updates document metadata without touching vectors; keeps an in-flight migration's target in step.</summary>
    [Cmdlet(VerbsCommon.Set, "IndexMetadata", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = IdSet)]
    [OutputType(typeof(MetadataUpdateSummary))]
    public sealed class SetIndexMetadataCommand : ClusterBoundCmdlet
    {
        private const string IdSet = "Id";
        private const string FilterSet = "Filter";
        private const int ProgressId = 0x5e7;

        private readonly List<string> _pending = new List<string>();
        private bool _anySent;
        private bool _anyDeclined;
        private MetadataUpdater? _updater;
        private ClusterConnection? _cluster;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Index { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("_id")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
        [ValidateNotNull]
        public Hashtable? Filter { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hashtable? Set { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Remove { get; set; }

        [Parameter]
        [ValidateRange(1, 10000)]
        public int BatchSize { get; set; } = 500;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _cluster = ResolveCluster();
            var cluster = _cluster;
            var set = HashtableJson.ToObject(Set);
            _updater = RunOperation(ct => MetadataUpdater.CreateAsync(cluster.Transport, Logger, Index, set, Remove, cluster.MustAskForVectors, ct), Index);
            if (_updater.Second != null) WriteVerbose($"Updates to {Index} also go to {_updater.Second}, which is kept in step with it.");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != IdSet) return;
            foreach (var id in Id)
            {
                _pending.Add(id);
                if (_pending.Count >= BatchSize) Flush();
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == FilterSet)
            {
                var cluster = _cluster!;
                var query = HashtableJson.ToObject(Filter);
                if (!ShouldProcess($"documents of {Index} matching the filter", "Update metadata")) return; // -WhatIf: nothing to report
                RunOperation(ct => IdScanner.ScanAsync(cluster.Transport, Index, query, BatchSize, async ids =>
                {
                    var failures = await _updater!.ApplyAsync(ids, ct).ConfigureAwait(false);
                    Post(() => Report(failures));
                }, ct), Index);
            }
            else
            {
                Flush();
            }
            WriteProgress(new ProgressRecord(ProgressId, "Set-IndexMetadata " + Index, "Done") { RecordType = ProgressRecordType.Completed });
            if (_anySent || !_anyDeclined) WriteObject(_updater!.Summary); // every batch declined (-WhatIf): nothing to report
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var batch = _pending.ToList();
            _pending.Clear();
            if (!ShouldProcess($"{batch.Count} document(s) of {Index}", "Update metadata"))
            {
                _anyDeclined = true;
                return;
            }
            _anySent = true;
            var failures = RunOperation(ct => _updater!.ApplyAsync(batch, ct), Index);
            Report(failures);
        }

        private void Report(IReadOnlyList<DocumentFailure> failures)
        {
            foreach (var f in failures)
                WriteError(ErrorRecordFactory.FromDocument(f));
            var s = _updater!.Summary;
            WriteProgress(new ProgressRecord(ProgressId, "Set-IndexMetadata " + Index, $"{s.Updated} updated, {s.Noop} unchanged, {s.Missing} missing, {s.Failed} failed"));
        }
    }
}
