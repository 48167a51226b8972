using System;
using VectorReindex.Core.Progress;

namespace VectorReindex.Core.Engine
{
    /// <summary>The IProgress the stage runners report to, forwarding to the observer.</summary>
    internal sealed class ObserverProgress : IProgress<OperationProgress>
    {
        private readonly IMigrationObserver _observer;

        public ObserverProgress(IMigrationObserver observer) => _observer = observer;

        public void Report(OperationProgress value) => _observer.OnProgress(value);
    }
}
