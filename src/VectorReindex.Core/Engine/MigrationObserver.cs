using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Engine
{
    /// <summary>An observer from delegates, for programs and tests; <see cref="None"/> ignores everything.</summary>
    public sealed class MigrationObserver : IMigrationObserver
    {
        public static readonly MigrationObserver None = new MigrationObserver();

        private readonly Action<OperationProgress>? _progress;
        private readonly Action<DocumentFailure>? _failure;

        public MigrationObserver(ILogger? logger = null, Action<OperationProgress>? progress = null, Action<DocumentFailure>? failure = null)
        {
            Logger = logger ?? NullLogger.Instance;
            _progress = progress;
            _failure = failure;
        }

        public ILogger Logger { get; }

        public void OnProgress(OperationProgress progress) => _progress?.Invoke(progress);

        public void OnDocumentFailure(DocumentFailure failure) => _failure?.Invoke(failure);

        /// <summary>Runs the work on the calling thread: nothing here is tied to a thread.</summary>
        public void Post(Action work) => work();
    }
}
