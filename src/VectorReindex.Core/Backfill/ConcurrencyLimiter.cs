using System;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.Core.Backfill
{
    /// <summary>
    /// Adaptive cap on bulk requests in flight (additive increase, multiplicative decrease): the
    /// limit grows by one after a fast, clean request and halves after a 429 or a slow one.
    /// </summary>
    public sealed class ConcurrencyLimiter
    {
        private readonly object _gate = new object();
        private readonly int _max;
        private int _limit;
        private int _inFlight;
        private double _baselineMs;
        private TaskCompletionSource<bool> _changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrencyLimiter(int initial, int max)
        {
            _max = Math.Max(1, max);
            _limit = Math.Max(1, Math.Min(initial, _max));
        }

        public int Limit { get { lock (_gate) return _limit; } }

        public async Task<IDisposable> AcquireAsync(CancellationToken ct)
        {
            while (true)
            {
                Task wait;
                lock (_gate)
                {
                    if (_inFlight < _limit)
                    {
                        _inFlight++;
                        return new Lease(this);
                    }
                    wait = _changed.Task;
                }
                var cancelled = new TaskCompletionSource<bool>();
                using (ct.Register(() => cancelled.TrySetResult(true)))
                    await Task.WhenAny(wait, cancelled.Task).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Feeds back how a request went: rejected items or latency well above the running baseline shrink the limit.</summary>
        public void Report(TimeSpan latency, bool rejected)
        {
            lock (_gate)
            {
                var ms = latency.TotalMilliseconds;
                _baselineMs = _baselineMs == 0 ? ms : _baselineMs * 0.9 + ms * 0.1;
                if (rejected || ms > _baselineMs * 3 && ms > 200) _limit = Math.Max(1, _limit / 2);
                else if (_limit < _max) _limit++;
                Signal();
            }
        }

        private void Release()
        {
            lock (_gate)
            {
                _inFlight--;
                Signal();
            }
        }

        private void Signal()
        {
            var old = _changed;
            _changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            old.TrySetResult(true);
        }

        private sealed class Lease : IDisposable
        {
            private ConcurrencyLimiter? _owner;

            public Lease(ConcurrencyLimiter owner) => _owner = owner;

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
        }
    }
}
