using System;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Progress;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// What an engine stage reports, turned into the running cmdlet's stream records: progress with
    /// a stable activity id (a composed run's phases as the parent of its stages' progress),
    /// per-document failures as non-terminating errors, log records through the cmdlet's logger.
    /// All of it is posted to the pipeline thread, the only one allowed to write.
    /// </summary>
    internal sealed class CmdletObserver : IMigrationObserver
    {
        private readonly VectorReindexCmdlet _cmdlet;
        private readonly int _activityId;
        private readonly int _phaseActivityId;

        /// <param name="phaseActivityId">The activity id of a composed run's phases (the parent), or -1.</param>
        public CmdletObserver(VectorReindexCmdlet cmdlet, int activityId, int phaseActivityId = -1)
        {
            _cmdlet = cmdlet;
            _activityId = activityId;
            _phaseActivityId = phaseActivityId;
        }

        public ILogger Logger => _cmdlet.Logger;

        public void OnProgress(OperationProgress progress) => _cmdlet.Post(() =>
        {
            var phase = progress.IsPhase && _phaseActivityId >= 0;
            var record = VectorReindexCmdlet.ToRecord(phase ? _phaseActivityId : _activityId, progress);
            if (!phase) record.ParentActivityId = _phaseActivityId;
            _cmdlet.WriteProgress(record);
        });

        public void OnDocumentFailure(DocumentFailure failure) => _cmdlet.Post(() => _cmdlet.WriteError(ErrorCatalogue.FromDocument(failure)));

        public void Post(Action work) => _cmdlet.Post(work);
    }
}
