using System.Collections.Concurrent;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VectorReindex.Core.Tests.Engine;

/// <summary>An observer that keeps what a stage reported, for the assertions.</summary>
public sealed class RecordingObserver : IMigrationObserver
{
    private readonly Action<OperationProgress>? _onProgress;

    public RecordingObserver(Action<OperationProgress>? onProgress = null, ILogger? logger = null)
    {
        _onProgress = onProgress;
        Logger = logger ?? NullLogger.Instance;
    }

    public ConcurrentQueue<DocumentFailure> Failures { get; } = new();

    public ConcurrentQueue<OperationProgress> Progress { get; } = new();

    public ILogger Logger { get; }

    public void OnProgress(OperationProgress progress)
    {
        Progress.Enqueue(progress);
        _onProgress?.Invoke(progress);
    }

    public void OnDocumentFailure(DocumentFailure failure) => Failures.Enqueue(failure);

    public void Post(Action work) => work();

    public string FailureText => string.Join("; ", Failures.Take(5).Select(f => f.ErrorId + " " + f));
}
