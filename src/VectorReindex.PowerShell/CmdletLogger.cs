using System;
using Microsoft.Extensions.Logging;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// ILogger for Core that turns log records into PowerShell stream records, posted to the
    /// pipeline thread: Trace/Debug to Debug, Information to Verbose, Warning and above to Warning.
    /// </summary>
    internal sealed class CmdletLogger : ILogger
    {
        private readonly Action<LogLevel, string> _write;
        private readonly bool _verbose;
        private readonly bool _debug;

        public CmdletLogger(Action<LogLevel, string> write, bool verbose, bool debug)
        {
            _write = write;
            _verbose = verbose;
            _debug = debug;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel switch
        {
            LogLevel.Trace or LogLevel.Debug => _debug,
            LogLevel.Information => _verbose,
            LogLevel.None => false,
            _ => true,
        };

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception != null) message += " (" + exception.Message + ")";
            _write(logLevel, message);
        }
    }
}
