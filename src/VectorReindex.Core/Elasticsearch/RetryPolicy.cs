using System;
using System.Globalization;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// The one retry policy of Core (cluster calls, bulk items, embedding endpoints): which outcomes
    /// are retried, and how long to wait before the next try (exponential backoff with jitter, or
    /// the server's Retry-After), bounded by a retry count and a total-time budget.
    /// </summary>
    public sealed class RetryPolicy
    {
        private readonly Func<double> _random;

        public RetryPolicy(RetrySettings settings, Func<double>? random = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            var rng = new Random();
            _random = random ?? (() => { lock (rng) return rng.NextDouble(); });
        }

        public RetrySettings Settings { get; }

        /// <summary>429 and the gateway statuses mean "try again"; every other status is an answer.</summary>
        public static bool IsRetriableStatus(int status) => status == 429 || status == 502 || status == 503 || status == 504;

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1-based), or null when the count
        /// or the total-time budget is spent.
        /// </summary>
        public TimeSpan? NextDelay(int retry, TimeSpan waitedSoFar, TimeSpan? retryAfter, int? maxRetries = null)
        {
            if (retry > (maxRetries ?? Settings.MaxRetries)) return null;
            var remaining = Settings.MaxRetryTime - waitedSoFar;
            if (remaining <= TimeSpan.Zero) return null;
            var delay = retryAfter ?? Backoff(retry);
            if (delay > remaining) return null;
            return delay;
        }

        /// <summary>Exponential backoff for retry number <paramref name="retry"/> (1-based), capped, half fixed and half random.</summary>
        public TimeSpan Backoff(int retry)
        {
            var ceiling = Math.Min(Settings.MaxBackoff.TotalMilliseconds, Settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30) - 1));
            // Half fixed, half random: spreads concurrent clients apart but never waits ~0.
            return TimeSpan.FromMilliseconds(ceiling / 2 + _random() * ceiling / 2);
        }

        /// <summary>A Retry-After header value: delta-seconds or an HTTP date; null when absent or unreadable.</summary>
        public static TimeSpan? ParseRetryAfter(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var text = value!.Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "up to {0} retries within {1:0.#} s", Settings.MaxRetries, Settings.MaxRetryTime.TotalSeconds);
    }
}
