namespace VectorReindex.Core.Metadata
{
    /// <summary>What Set-IndexMetadata did: the counts it outputs at the end.</summary>
    public sealed class MetadataUpdateSummary
    {
        public string Index { get; set; } = "";

        /// <summary>Documents whose metadata changed.</summary>
        public long Updated { get; set; }

        /// <summary>Documents that already had the values (no new version written).</summary>
        public long Noop { get; set; }

        /// <summary>Ids with no document.</summary>
        public long Missing { get; set; }

        public long Failed { get; set; }

        /// <summary>During a migration: target documents updated the same way.</summary>
        public long TargetUpdated { get; set; }

        /// <summary>During a migration: target documents not in step with the source (not copied yet, or changed meanwhile); Sync-Delta brings them over.</summary>
        public long TargetDeferred { get; set; }

        /// <summary>The migration target that was kept in step, if any.</summary>
        public string? Target { get; set; }

        public override string ToString() =>
            $"{Index}: {Updated} updated, {Noop} unchanged, {Missing} missing, {Failed} failed" +
            (Target != null ? $"; {Target}: {TargetUpdated} updated, {TargetDeferred} left to the next delta pass" : "");
    }
}
