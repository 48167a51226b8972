using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Runs a Core task in the background while the pipeline thread executes what the task posts
    /// (output, progress, log records): PowerShell's Write* methods may only be called from the
    /// pipeline thread.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();

        /// <summary>Queues work for the pipeline thread; dropped once the operation has finished.</summary>
        public void Post(Action action)
        {
            try
            {
                _queue.Add(action);
            }
            catch (InvalidOperationException)
            {
                // Adding completed: a late log line from a finished operation; nothing to write it to.
            }
        }

        /// <summary>
        /// Executes posted work on the calling (pipeline) thread until <paramref name="task"/> ends.
        /// If a posted action throws (the pipeline is stopping), the task is cancelled and awaited
        /// before the exception goes on, so nothing keeps running in the background.
        /// </summary>
        public T Run<T>(Task<T> task, CancellationTokenSource cancellation)
        {
            task.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (var action in _queue.GetConsumingEnumerable()) action();
            }
            catch
            {
                cancellation.Cancel();
                try { task.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
                throw;
            }
            return task.GetAwaiter().GetResult();
        }
    }
}
