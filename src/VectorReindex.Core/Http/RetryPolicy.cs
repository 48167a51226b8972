using System;
using System.Globalization;
using System.Net.Http.Headers;

namespace VectorReindex.Core.Http
{
    /// <summary>
    /// Bounded retries: which outcomes are retried, and how long to wait before the next try
    /// (exponential backoff with full jitter, or the server's Retry-After, within the budget).
    /// </summary>
    public sealed class RetryPolicy
    {
        private readonly TransportSettings _settings;
        private readonly Func<double> _random;

        public RetryPolicy(TransportSettings settings, Func<double>? random = null)
        {
            _settings = settings;
            var rng = new Random();
            _random = random ?? (() => { lock (rng) return rng.NextDouble(); });
        }

        /// <summary>429 and the gateway statuses mean "try again"; every other status is an answer.</summary>
        public static bool IsRetriableStatus(int status) => status == 429 || status == 502 || status == 503 || status == 504;

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1-based), or null when the count
        /// or the total-time budget is spent.
        /// </summary>
        public TimeSpan? NextDelay(int retry, TimeSpan waitedSoFar, RetryConditionHeaderValue? retryAfter, int? maxRetries = null)
        {
            if (retry > (maxRetries ?? _settings.MaxRetries)) return null;
            var remaining = _settings.MaxRetryTime - waitedSoFar;
            if (remaining <= TimeSpan.Zero) return null;

            TimeSpan delay;
            var serverSays = FromRetryAfter(retryAfter);
            if (serverSays.HasValue)
            {
                delay = serverSays.Value;
            }
            else
            {
                var ceiling = Math.Min(_settings.MaxBackoff.TotalMilliseconds, _settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, retry - 1));
                // Half fixed, half random: spreads concurrent clients apart but never waits ~0.
                delay = TimeSpan.FromMilliseconds(ceiling / 2 + _random() * ceiling / 2);
            }
            if (delay > remaining) return null;
            return delay;
        }

        private static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter)
        {
            if (retryAfter == null) return null;
            if (retryAfter.Delta.HasValue) return retryAfter.Delta.Value;
            if (retryAfter.Date.HasValue)
            {
                var wait = retryAfter.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "up to {0} retries within {1:0.#} s", _settings.MaxRetries, _settings.MaxRetryTime.TotalSeconds);
    }
}
