using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Shards;

namespace VectorReindex.LocalNode.Engine;

/// <summary>
/// One of the node's thread pools, as Elasticsearch keeps them (modules-threadpool): its own
/// threads and a queue, a request beyond a bounded queue rejected with 429
/// es_rejected_execution_exception. Bulk indexing runs on the write pool, searches on the search
/// pool and refreshes on the refresh pool, so however long they take they hold only their own pool's
/// threads, never the .NET pool's, where Kestrel's I/O and every request's continuations run.
/// </summary>
internal sealed class NodeThreadPool : IDisposable
{
    // A plain queue under a monitor, not a BlockingCollection: its SemaphoreSlim spins before it blocks,
    // and a trace of the demo's node showed the idle search and write threads spinning 40-70 % of a
    // core each between requests, on a 2-core machine whose searches needed that CPU.
    private readonly Queue<Action> _queue = new();
    private bool _closed;
    private readonly Thread[] _threads;
    private int _queued;
    private int _active;
    private long _completed;

    public NodeThreadPool(string nodeName, string name, int size, int queueSize)
    {
        NodeName = nodeName;
        Name = name;
        Size = size;
        QueueSize = queueSize;
        _threads = new Thread[size];
        for (var i = 0; i < size; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"elasticsearch[{nodeName}][{name}][T#{i + 1}]" };
            _threads[i].Start();
        }
    }

    public string NodeName { get; }
    public string Name { get; }
    public int Size { get; }
    public int QueueSize { get; }

    /// <summary>Work items run to their end (Elasticsearch's thread_pool "completed").</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Elasticsearch's write pool: one thread per allocated processor, 10,000 queued.</summary>
    public static NodeThreadPool Write(string nodeName) => new(nodeName, "write", Environment.ProcessorCount, 10_000);

    /// <summary>Elasticsearch's search pool: int(processors × 3 / 2) + 1 threads, 1,000 queued.</summary>
    public static NodeThreadPool Search(string nodeName) => new(nodeName, "search", Environment.ProcessorCount * 3 / 2 + 1, 1_000);

    /// <summary>
    /// Elasticsearch's refresh pool (scaling, so it never rejects): scheduled refreshes and POST _refresh.
    /// Making 100,000 buffered documents searchable takes seconds; on the .NET pool that starved Kestrel's
    /// I/O, and every query in flight on other indexes waited for the pool to grow (about 0.3-0.8 s).
    /// </summary>
    public static NodeThreadPool Refresh(string nodeName)
    {
        var size = RefreshParallelism.Options.MaxDegreeOfParallelism;
        return new(nodeName, "refresh", size, int.MaxValue - size);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on one of the pool's threads (its synchronous part; what it awaits
    /// continues where the awaited operation completes), or rejects it when the queue is full.
    /// </summary>
    public async Task<T> RunAsync<T>(string what, Func<Task<T>> work)
    {
        if (Interlocked.Increment(ref _queued) > QueueSize + Size)
        {
            var queued = Interlocked.Decrement(ref _queued);
            throw Errors.Rejected($"rejected execution of {what} on EsThreadPoolExecutor[name = {NodeName}/{Name}, queue capacity = {QueueSize}, " +
                                  $"pool size = {Size}, active threads = {Volatile.Read(ref _active)}, queued tasks = {Math.Max(0, queued - Size)}]");
        }
        var started = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run()
        {
            Interlocked.Increment(ref _active);
            try
            {
                started.SetResult(work());
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _completed);
            }
        }
        lock (_queue)
        {
            if (_closed)
            {
                Interlocked.Decrement(ref _queued);
                throw new ElasticsearchException(503, "node_closed_exception", $"node closed: the {Name} pool is shut down");
            }
            _queue.Enqueue(Run);
            Monitor.Pulse(_queue);
        }
        return await await started.Task.ConfigureAwait(false);
    }

    private void Work()
    {
        while (true)
        {
            Action run;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_closed)
                        return;
                    Monitor.Wait(_queue);
                }
                run = _queue.Dequeue();
            }
            run();
        }
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            Monitor.PulseAll(_queue);
        }
        foreach (var thread in _threads)
            thread.Join(TimeSpan.FromSeconds(5));
    }
}
