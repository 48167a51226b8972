namespace VectorReindex.Core.Delta
{
    /// <summary>How Sync-Delta runs.</summary>
    public sealed class DeltaOptions
    {
        /// <summary>A date field stamped on every write: incremental passes copy only what changed since the last one.</summary>
        public string? TimestampField { get; set; }

        /// <summary>Stop when a pass finds at most this many differences.</summary>
        public long Until { get; set; }

        public int MaxPasses { get; set; } = 5;

        public int BatchSize { get; set; } = 500;

        /// <summary>Ids held in memory per partition of the diff; more documents mean more partitions (and passes over both indexes).</summary>
        public int PartitionSize { get; set; } = 2_000_000;

        /// <summary>The keep_alive of the scans' points in time, renewed by every page (Elasticsearch time units).</summary>
        public string KeepAlive { get; set; } = "5m";

        /// <summary>How many times an item rejected with 429 is retried before it counts as failed (as <see cref="Backfill.BackfillOptions.ItemRetries"/>).</summary>
        public int ItemRetries { get; set; } = 16;

        /// <summary>The cluster leaves vectors out of _source unless asked (9.x).</summary>
        public bool MustAskForVectors { get; set; }

        /// <summary>A copy for one run with <see cref="MustAskForVectors"/> set: the engine never changes its caller's options.</summary>
        public DeltaOptions ForRun(bool mustAskForVectors)
        {
            var copy = (DeltaOptions)MemberwiseClone();
            copy.MustAskForVectors = mustAskForVectors;
            return copy;
        }
    }
}
