using System;

namespace VectorReindex.Core.Backfill
{
    /// <summary>How Start-Backfill reads, transforms and writes.</summary>
    public sealed class BackfillOptions
    {
        /// <summary>Documents per search page and per bulk request.</summary>
        public int BatchSize { get; set; } = 500;

        /// <summary>PIT slices read in parallel; 0 means auto (the source's primary shard count, at least 2, at most 8).</summary>
        public int Slices { get; set; }

        /// <summary>Reads the -Slices argument: "auto" (0) or a slice count.</summary>
        public static int ParseSlices(string slices) =>
            slices == "auto" ? 0 : int.Parse(slices, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Ceiling on documents written per second, all slices together; 0 for none.</summary>
        public double MaxDocsPerSecond { get; set; }

        /// <summary>Continue from the checkpoints of a finished run too (an unfinished run with the same layout always continues).</summary>
        public bool Resume { get; set; }

        /// <summary>How often checkpoints are saved to the migration's _meta.</summary>
        public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>Bulk requests in flight at most; the adaptive limit grows toward it while the cluster keeps up.</summary>
        public int MaxInFlight { get; set; } = 8;

        /// <summary>
        /// How many times an item rejected with 429 is retried before it counts as failed. With the
        /// backoff capped at 5 s, 16 retries is about 50 s of the cluster refusing the same document;
        /// 8 let a steady 30 % rejection rate fail about one document in 50,000 (0.3^9).
        /// </summary>
        public int ItemRetries { get; set; } = 16;

        /// <summary>PIT keep-alive between pages.</summary>
        public string KeepAlive { get; set; } = "5m";

        /// <summary>The cluster leaves vectors out of _source unless asked (9.x).</summary>
        public bool MustAskForVectors { get; set; }

        /// <summary>A copy for one run with <see cref="MustAskForVectors"/> set: the engine never changes its caller's options.</summary>
        public BackfillOptions ForRun(bool mustAskForVectors)
        {
            var copy = (BackfillOptions)MemberwiseClone();
            copy.MustAskForVectors = mustAskForVectors;
            return copy;
        }
    }
}
