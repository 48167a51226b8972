using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VectorReindex.Core.Tests.Embedding;

/// <summary>Keeps every formatted log record (level and text), for assertions on what reaches the streams.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Records { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Records.Enqueue((logLevel, formatter(state, exception) + (exception != null ? " " + exception : "")));
}
