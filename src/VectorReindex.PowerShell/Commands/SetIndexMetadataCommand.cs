using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Metadata;

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

        private readonly List<DocumentKey> _pending = new List<DocumentKey>();
        private bool _anySent;
        private bool _anyDeclined;
        private MetadataUpdater? _updater;
        private MigrationEngine? _engine;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string Index { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("_id")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("_routing")]
        [ValidateNotNullOrEmpty]
        public string? Routing { get; set; }

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
            var engine = _engine = CreateEngine();
            var options = new MetadataUpdateOptions { Index = Index, Set = HashtableJson.ToObject(Set), Remove = Remove, Clusters = SessionClusters() };
            _updater = RunOperation(ct => engine.OpenMetadataUpdateAsync(options, CreateObserver(ProgressId), ct), Index);
            if (_updater.Second != null) WriteVerbose($"Updates to {Index} also go to {_updater.Second}, which is kept in step with it.");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != IdSet) return;
            foreach (var id in Id)
            {
                _pending.Add(new DocumentKey(id, Routing));
                if (_pending.Count >= BatchSize) Flush();
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == FilterSet)
            {
                var engine = _engine!;
                var updater = _updater!;
                var query = HashtableJson.ToObject(Filter);
                if (!ShouldProcess($"documents of {Index} matching the filter", "Update metadata")) return; // -WhatIf: nothing to report
                RunOperation(ct => engine.UpdateMatchingAsync(updater, query, BatchSize, CreateObserver(ProgressId), ct), Index);
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
                WriteError(ErrorCatalogue.FromDocument(f));
            var s = _updater!.Summary;
            WriteProgress(new ProgressRecord(ProgressId, "Set-IndexMetadata " + Index, $"{s.Updated} updated, {s.Noop} unchanged, {s.Missing} missing, {s.Failed} failed"));
        }
    }
}
