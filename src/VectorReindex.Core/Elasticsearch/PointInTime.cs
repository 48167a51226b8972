using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// One point in time over an index, shared by the readers of a stage (the slices of a backfill,
    /// the scan of a delta or parity pass). Every page asks for the keep_alive again, so the PIT lives
    /// as long as pages keep coming; when it is lost anyway (expiry, a node restart) the first reader
    /// to notice opens a new one for all, and each reader repeats its page from its own search_after.
    /// </summary>
    public sealed class PointInTime
    {
        /// <summary>Times one page may find the PIT lost and reopen it in a row before the loss is the stage's failure.</summary>
        public const int MaxReopensPerPage = 5;

        private readonly SearchApi _search;
        private readonly ILogger _logger;
        private readonly SemaphoreSlim _reopenLock = new SemaphoreSlim(1, 1);
        private int _reopened;
        private string _id;

        private PointInTime(SearchApi search, string index, string keepAlive, string id, ILogger logger)
        {
            _search = search;
            Index = index;
            KeepAlive = keepAlive;
            _id = id;
            _logger = logger;
        }

        public string Index { get; }

        /// <summary>The keep_alive every page sends (Elasticsearch's time units: "5m", "30s").</summary>
        public string KeepAlive { get; }

        /// <summary>The current id: the newest one the cluster returned.</summary>
        public string Id => Volatile.Read(ref _id);

        /// <summary>Times the PIT was lost and a new one opened.</summary>
        public int Reopened => Volatile.Read(ref _reopened);

        public static async Task<PointInTime> OpenAsync(SearchApi search, string index, string keepAlive, ILogger logger, CancellationToken ct)
        {
            var id = await search.OpenPointInTimeAsync(index, keepAlive, ct).ConfigureAwait(false);
            return new PointInTime(search, index, keepAlive, id, logger);
        }

        /// <summary>
        /// Reads one page with the current id (<paramref name="read"/> builds the body with it and with
        /// <see cref="KeepAlive"/>, and returns the page and the pit_id the cluster answered). A lost PIT
        /// is reopened and the same page read again, from the same search_after.
        /// </summary>
        public async Task<T> ReadPageAsync<T>(Func<string, CancellationToken, Task<(T Page, string? PitId)>> read, CancellationToken ct)
        {
            for (var reopened = 0; ; reopened++)
            {
                var used = Id;
                try
                {
                    var (page, pitId) = await read(used, ct).ConfigureAwait(false);
                    if (pitId != null && pitId != used) Interlocked.CompareExchange(ref _id, pitId, used);
                    return page;
                }
                catch (ElasticsearchException ex) when (PointInTimeLoss.IsLost(ex) && reopened < MaxReopensPerPage)
                {
                    await ReopenAsync(used, ex, ct).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Closes the current PIT; one that is gone already is no error (it expires on its own).</summary>
        public async Task CloseAsync()
        {
            try { await _search.ClosePointInTimeAsync(Id, CancellationToken.None).ConfigureAwait(false); }
            catch (ElasticsearchException) { }
        }

        private async Task ReopenAsync(string lost, ElasticsearchException cause, CancellationToken ct)
        {
            await _reopenLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (Id != lost) return; // another reader reopened it already
                _logger.LogWarning("The point in time on {Index} was lost ({Cause}); reopening it, each reader continues from its own checkpoint.",
                    Index, cause.RootCause.FirstOrDefault()?.ToString() ?? cause.Message);
                var id = await _search.OpenPointInTimeAsync(Index, KeepAlive, ct).ConfigureAwait(false);
                Volatile.Write(ref _id, id);
                Interlocked.Increment(ref _reopened);
            }
            finally
            {
                _reopenLock.Release();
            }
        }
    }
}
