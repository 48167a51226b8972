using System;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>How patiently a failed call is retried: the count, the total wait, and the backoff curve.</summary>
    public sealed class RetrySettings
    {
        /// <summary>Ten retries wait about 26-53 s in all (backoff 0.2 s doubling to 10 s, half random): long enough to ride out a node restart.</summary>
        public const int DefaultMaxRetries = 10;

        /// <summary>Retries after the first attempt, for connection failures and 429/502/503/504.</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>Upper bound of the time spent waiting between retries, all retries together.</summary>
        public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>First backoff; each retry doubles it (with jitter) up to <see cref="MaxBackoff"/>.</summary>
        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
    }
}
