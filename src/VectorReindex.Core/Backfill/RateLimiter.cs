using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.Core.Backfill
{
    /// <summary>A shared documents-per-second ceiling (-MaxDocsPerSecond): callers wait until their documents fit.</summary>
    public sealed class RateLimiter
    {
        private readonly double _perSecond;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new object();
        private double _scheduledSeconds;

        public RateLimiter(double perSecond) => _perSecond = perSecond;

        public async Task WaitAsync(int documents, CancellationToken ct)
        {
            if (_perSecond <= 0) return;
            TimeSpan wait;
            lock (_gate)
            {
                var now = _clock.Elapsed.TotalSeconds;
                var start = Math.Max(now, _scheduledSeconds);
                _scheduledSeconds = start + documents / _perSecond;
                wait = TimeSpan.FromSeconds(start - now);
            }
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }
}
