using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;
using VectorReindex.Core.Progress;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Base of every VectorReindex cmdlet. Owns the cancellation that StopProcessing (Ctrl+C)
    /// triggers, the bridge that runs Core's async operations while writing their output,
    /// progress and log records on the pipeline thread, and the mapping of failures to ErrorRecords
    /// (through <see cref="ErrorCatalogue"/>).
    /// </summary>
    public abstract class VectorReindexCmdlet : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _cancellation;
        private PipelineDispatcher? _dispatcher;
        private CmdletLogger? _logger;
        private bool _disposed;

        /// <summary>Cancelled when the pipeline is stopped.</summary>
        protected CancellationToken CancellationToken => Cancellation.Token;

        private CancellationTokenSource Cancellation => _cancellation ??= new CancellationTokenSource();

        /// <summary>Core's logger for this invocation: writes Verbose, Debug and Warning records.</summary>
        internal ILogger Logger => _logger ??= new CmdletLogger(PostLog, IsSwitchOn("Verbose", "VerbosePreference"), IsSwitchOn("Debug", "DebugPreference"));

        protected override void BeginProcessing()
        {
            _ = Cancellation;
            _ = Logger;
        }

        protected override void StopProcessing() => _cancellation?.Cancel();

        /// <summary>
        /// Runs <paramref name="operation"/> in the background and services its posts on this
        /// (the pipeline) thread until it ends. Cancellation becomes PipelineStoppedException;
        /// any other failure a terminating ErrorRecord from the catalogue (UnexpectedError for
        /// what nothing there expects). PowerShell's own exceptions (a stopped pipeline, an
        /// -ErrorAction Stop) pass through unchanged.
        /// </summary>
        protected T RunOperation<T>(Func<CancellationToken, Task<T>> operation, object? errorTarget)
        {
            var dispatcher = _dispatcher = new PipelineDispatcher();
            try
            {
                var task = Task.Run(() => operation(CancellationToken), CancellationToken);
                return dispatcher.Run(task, Cancellation);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (!(ex is RuntimeException) && !(ex is OperationCanceledException && CancellationToken.IsCancellationRequested))
            {
                ThrowTerminatingError(ErrorCatalogue.FromException(ex, errorTarget));
                throw; // not reached: ThrowTerminatingError always throws
            }
            finally
            {
                _dispatcher = null;
            }
        }

        protected void RunOperation(Func<CancellationToken, Task> operation, object? errorTarget) =>
            RunOperation(async ct => { await operation(ct).ConfigureAwait(false); return true; }, errorTarget);

        /// <summary>Queues work for the pipeline thread while an operation runs (or runs it now, outside one).</summary>
        internal void Post(Action action)
        {
            var dispatcher = _dispatcher;
            if (dispatcher != null) dispatcher.Post(action);
            else action();
        }

        /// <summary>The observer for an engine call: its progress as Write-Progress records with <paramref name="activityId"/>.</summary>
        protected IMigrationObserver CreateObserver(int activityId, int phaseActivityId = -1) => new CmdletObserver(this, activityId, phaseActivityId);

        internal static ProgressRecord ToRecord(int activityId, OperationProgress p)
        {
            var record = new ProgressRecord(activityId, p.Activity, string.IsNullOrEmpty(p.Status) ? "Working" : p.Status);
            if (p.PercentComplete.HasValue) record.PercentComplete = p.PercentComplete.Value;
            if (p.SecondsRemaining.HasValue) record.SecondsRemaining = p.SecondsRemaining.Value;
            if (p.Completed) record.RecordType = ProgressRecordType.Completed;
            return record;
        }

        /// <summary>Terminating error for invalid input: stable id, InvalidArgument, the offending value as target.</summary>
        protected void ThrowArgumentError(string errorId, string message, object? target) =>
            ThrowTerminatingError(ErrorCatalogue.Argument(errorId, message, target));

        private void PostLog(LogLevel level, string message) => Post(() =>
        {
            switch (level)
            {
                case LogLevel.Trace:
                case LogLevel.Debug:
                    WriteDebug(message);
                    break;
                case LogLevel.Information:
                    WriteVerbose(message);
                    break;
                default:
                    WriteWarning(message);
                    break;
            }
        });

        private bool IsSwitchOn(string parameter, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var bound) && bound is SwitchParameter s) return s.IsPresent;
            var preference = GetVariableValue(preferenceVariable);
            return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _cancellation?.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
