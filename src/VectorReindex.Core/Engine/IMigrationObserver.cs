using System;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Engine
{
    /// <summary>
    /// What a <see cref="MigrationEngine"/> stage reports while it runs, besides the record it
    /// returns. Called from worker threads: a host that must write from one thread (PowerShell's
    /// pipeline thread) queues what it gets.
    /// </summary>
    public interface IMigrationObserver
    {
        /// <summary>Log records of the stage.</summary>
        ILogger Logger { get; }

        /// <summary>How far the stage (or, with <see cref="OperationProgress.IsPhase"/>, a composed run) is.</summary>
        void OnProgress(OperationProgress progress);

        /// <summary>A document the stage could not copy, delete or update; the stage goes on.</summary>
        void OnDocumentFailure(DocumentFailure failure);

        /// <summary>
        /// Runs <paramref name="work"/> where the host requires it: an embedder bound to a host
        /// thread (a PowerShell script block) posts its calls here.
        /// </summary>
        void Post(Action work);
    }
}
