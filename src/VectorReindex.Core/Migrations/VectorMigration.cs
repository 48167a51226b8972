using System;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VectorReindex.Core.Connection;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// One migration of an alias from a source index to a target index: the object the pipeline
    /// carries from New-ShadowIndex to Switch-IndexAlias. Its state is stored in the target index's
    /// mapping <c>_meta.vectorreindex</c>, so any operator or runbook can find and resume it.
    /// </summary>
    public sealed class VectorMigration
    {
        /// <summary>Key of the migration state inside the target mapping's _meta.</summary>
        public const string MetaKey = "vectorreindex";

        public string Id { get; set; } = Guid.NewGuid().ToString("N");

        public string Alias { get; set; } = "";

        public string Source { get; set; } = "";

        public string Target { get; set; } = "";

        public string VectorField { get; set; } = "";

        /// <summary>Field whose text is embedded when the migration re-embeds; null for copy migrations.</summary>
        public string? TextField { get; set; }

        public int? Dimensions { get; set; }

        /// <summary>How target vectors are made (copy, or which model); recorded so readers can embed queries for this index.</summary>
        public JsonObject? Embedder { get; set; }

        /// <summary>The recorded embedder, read back; null when none is recorded.</summary>
        [JsonIgnore]
        public Embedding.EmbedderDescriptor? EmbedderDescriptor =>
            Embedder == null ? null : Embedding.EmbedderDescriptor.FromJson(Embedder.ToJsonString());

        /// <summary>True when the target keeps the source vectors (no embedder recorded, or the copy embedder).</summary>
        [JsonIgnore]
        public bool IsCopy => EmbedderDescriptor is not { } d || d.Kind == Embedding.EmbedderKind.Copy;

        public MigrationPhase Phase { get; set; } = MigrationPhase.Created;

        public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

        public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

        public DateTimeOffset? CutoverAt { get; set; }

        /// <summary>The source's refresh_interval, restored on the target at cutover (null: the cluster default).</summary>
        public string? OriginalRefreshInterval { get; set; }

        /// <summary>The source's number_of_replicas, restored on the target at cutover.</summary>
        public string? OriginalReplicas { get; set; }

        /// <summary>Backfill counters and checkpoints (Start-Backfill).</summary>
        public BackfillState? Backfill { get; set; }

        /// <summary>Delta counters (Sync-Delta).</summary>
        public DeltaState? Delta { get; set; }

        /// <summary>The last parity result (Test-IndexParity); Switch-IndexAlias accepts a passed one instead of a count check.</summary>
        public ParityResult? Parity { get; set; }

        /// <summary>Where the source index lives. Not stored: supplied by the session.</summary>
        [JsonIgnore]
        public ClusterConnection? SourceCluster { get; set; }

        /// <summary>Where the target index lives; the same connection as the source unless the migration moves clusters.</summary>
        [JsonIgnore]
        public ClusterConnection? TargetCluster { get; set; }

        public override string ToString() => $"{Alias}: {Source} -> {Target} ({Phase})";
    }
}
