namespace VectorReindex.Core.DualWrite
{
    /// <summary>What Write-VectorDocument or Remove-VectorDocument did.</summary>
    public sealed class DualWriteSummary
    {
        public string Alias { get; set; } = "";

        /// <summary>The index the alias writes to.</summary>
        public string Live { get; set; } = "";

        /// <summary>The second index kept in step (a migration's target, or the old index after cutover), if any.</summary>
        public string? Second { get; set; }

        public long Written { get; set; }
        public long Deleted { get; set; }
        public long SecondWritten { get; set; }

        /// <summary>Second writes that lost to a newer version already there (the protocol working).</summary>
        public long SecondSkippedNewer { get; set; }

        /// <summary>
        /// Writes that reached the live index but not the second one (its cluster down, or the write
        /// refused there): reported as errors, never as written; the next delta pass brings them over.
        /// </summary>
        public long SecondMissed { get; set; }

        /// <summary>Per-document errors written: live writes that failed, and second writes that were missed.</summary>
        public long Failed { get; set; }

        public override string ToString() =>
            $"{Alias} ({Live}): {Written} written, {Deleted} deleted, {Failed} failed" + (Second != null ? $"; {Second}: {SecondWritten} written, {SecondSkippedNewer} newer already there, {SecondMissed} missed" : "");
    }
}
