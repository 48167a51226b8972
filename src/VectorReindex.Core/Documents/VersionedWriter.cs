using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Backfill;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Documents
{
    /// <summary>The outcome of writing one batch: what landed, what a newer version beat, what failed.</summary>
    public sealed class WriteOutcome
    {
        public long Written { get; set; }
        public long SkippedNewer { get; set; }
        public long Retried { get; set; }
        public List<DocumentFailure> Failures { get; } = new List<DocumentFailure>();
    }

    /// <summary>
    /// Sends versioned bulk writes under the adaptive concurrency limit: a 409 is a newer write
    /// winning (counted, not an error); items rejected with 429 are retried with backoff and
    /// jitter; any other item error is a failure naming the document.
    /// </summary>
    public sealed class VersionedWriter
    {
        private readonly BulkApi _bulk;
        private readonly ConcurrencyLimiter _limiter;
        private readonly int _itemRetries;
        private readonly ILogger _logger;

        // Core's one backoff curve, tuned for items the cluster rejected under load: 50 ms doubling up to 5 s.
        private readonly RetryPolicy _backoff = new RetryPolicy(new RetrySettings
        {
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromSeconds(5),
        });

        public VersionedWriter(ElasticsearchCluster target, ConcurrencyLimiter limiter, int itemRetries, ILogger logger)
        {
            _bulk = new BulkApi(target);
            _limiter = limiter;
            _itemRetries = itemRetries;
            _logger = logger;
        }

        public async Task<WriteOutcome> WriteAsync(IReadOnlyList<BulkOperation> operations, CancellationToken ct)
        {
            var outcome = new WriteOutcome();
            var pending = operations;
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                IReadOnlyList<BulkItemResult>? results;
                var clock = Stopwatch.StartNew();
                using (await _limiter.AcquireAsync(ct).ConfigureAwait(false))
                    results = await _bulk.SendUnlessAllSucceededAsync(pending, ct).ConfigureAwait(false);
                if (results == null)
                {
                    outcome.Written += pending.Count;
                    _limiter.Report(clock.Elapsed, false);
                    break;
                }
                var rejected = new List<BulkOperation>();
                for (var i = 0; i < results.Count && i < pending.Count; i++)
                {
                    var r = results[i];
                    if (r.IsSuccess) outcome.Written++;
                    else if (r.IsVersionConflict) outcome.SkippedNewer++;
                    else if (r.IsRejected && attempt < _itemRetries) rejected.Add(pending[i]);
                    else outcome.Failures.Add(new DocumentFailure(r.Index.Length > 0 ? r.Index : pending[i].Index, pending[i].Id,
                        r.IsRejected ? MigrationErrorCodes.WriteRejected : MigrationErrorCodes.WriteFailed,
                        $"Writing document '{pending[i].Id}' failed with HTTP {r.Status} ({r.ErrorType}: {r.ErrorReason}).", r.Status));
                }
                _limiter.Report(clock.Elapsed, rejected.Count > 0);
                if (rejected.Count == 0) break;
                outcome.Retried += rejected.Count;
                var delay = _backoff.Backoff(attempt + 1);
                _logger.LogDebug("{Count} bulk items rejected with 429; retrying them in {DelayMs} ms (attempt {Attempt}).", rejected.Count, (int)delay.TotalMilliseconds, attempt + 1);
                await Task.Delay(delay, ct).ConfigureAwait(false);
                pending = rejected;
            }
            return outcome;
        }
    }
}
