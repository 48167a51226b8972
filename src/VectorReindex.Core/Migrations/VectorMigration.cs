using System;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VectorReindex.Core.Connection;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The record of one migration of an alias from a source index to a target index: what is
    /// stored in the target index's mapping <c>_meta.vectorreindex</c> (so any operator or runbook
    /// can find and resume it) and what the pipeline carries from stage to stage. Read-only outside
    /// Core: every <see cref="Engine.MigrationEngine"/> stage returns a new record. It names its
    /// clusters (<see cref="SourceCluster"/>, <see cref="TargetCluster"/>) and never holds a connection.
    /// </summary>
    public sealed class VectorMigration
    {
        /// <summary>Key of the migration state inside the target mapping's _meta.</summary>
        public const string MetaKey = "vectorreindex";

        /// <summary>
        /// The record format this build writes. 1: no schema_version and no cluster identities
        /// (read, identities taken from the cluster it was read from). 2: both.
        /// </summary>
        public const int CurrentSchemaVersion = 2;

        /// <summary>Format of the stored record; records without one were written as version 1.</summary>
        [JsonInclude]
        public int SchemaVersion { get; internal set; } = CurrentSchemaVersion;

        [JsonInclude]
        public string Id { get; internal set; } = Guid.NewGuid().ToString("N");

        [JsonInclude]
        public string Alias { get; internal set; } = "";

        [JsonInclude]
        public string Source { get; internal set; } = "";

        [JsonInclude]
        public string Target { get; internal set; } = "";

        [JsonInclude]
        public string VectorField { get; internal set; } = "";

        /// <summary>Field whose text is embedded when the migration re-embeds; null for copy migrations.</summary>
        [JsonInclude]
        public string? TextField { get; internal set; }

        [JsonInclude]
        public int? Dimensions { get; internal set; }

        /// <summary>How target vectors are made (copy, or which model); recorded so readers can embed queries for this index.</summary>
        [JsonInclude]
        public JsonObject? Embedder { get; internal set; }

        /// <summary>The recorded embedder, read back; null when none is recorded.</summary>
        [JsonIgnore]
        public Embedding.EmbedderDescriptor? EmbedderDescriptor =>
            Embedder == null ? null : Embedding.EmbedderDescriptor.FromJson(Embedder.ToJsonString());

        /// <summary>True when the target keeps the source vectors (no embedder recorded, or the copy embedder).</summary>
        [JsonIgnore]
        public bool IsCopy => EmbedderDescriptor is not { } d || d.Kind == Embedding.EmbedderKind.Copy;

        /// <summary>The target vector field's index_options as the plan resolved them for the target's version, unknown keys kept (null: not indexed).</summary>
        [JsonInclude]
        public DenseVectorIndexOptions? IndexOptions { get; internal set; }

        /// <summary>The alias on the target cluster when the migration moves clusters and names it differently (null: <see cref="Alias"/>).</summary>
        [JsonInclude]
        public string? TargetAlias { get; internal set; }

        [JsonInclude]
        public MigrationPhase Phase { get; internal set; } = MigrationPhase.Created;

        /// <summary>Neither cut over, rolled back nor abandoned: writers must still write twice.</summary>
        [JsonIgnore]
        public bool IsInFlight => Phase != MigrationPhase.CutOver && Phase != MigrationPhase.RolledBack && Phase != MigrationPhase.Abandoned && Phase != MigrationPhase.Completed;

        [JsonInclude]
        public DateTimeOffset CreatedAt { get; internal set; } = DateTimeOffset.UtcNow;

        [JsonInclude]
        public DateTimeOffset UpdatedAt { get; internal set; } = DateTimeOffset.UtcNow;

        [JsonInclude]
        public DateTimeOffset? CutoverAt { get; internal set; }

        /// <summary>The source's refresh_interval, restored on the target at cutover (null: the cluster default).</summary>
        [JsonInclude]
        public string? OriginalRefreshInterval { get; internal set; }

        /// <summary>The source's number_of_replicas, restored on the target at cutover.</summary>
        [JsonInclude]
        public string? OriginalReplicas { get; internal set; }

        /// <summary>
        /// The source's index.gc_deletes before the migration raised it (see <see cref="DeletesRetention"/>),
        /// restored at cutover or when the migration is abandoned; null when it was left as it was.
        /// </summary>
        [JsonInclude]
        public OriginalSetting? SourceGcDeletes { get; internal set; }

        /// <summary>The index.gc_deletes the target gets at cutover (the source's own); null when the migration did not raise it.</summary>
        [JsonInclude]
        public OriginalSetting? TargetGcDeletes { get; internal set; }

        /// <summary>Backfill counters and checkpoints (Start-Backfill).</summary>
        [JsonInclude]
        public BackfillState? Backfill { get; internal set; }

        /// <summary>Delta counters (Sync-Delta).</summary>
        [JsonInclude]
        public DeltaState? Delta { get; internal set; }

        /// <summary>The last parity result (Test-IndexParity, or the one a cutover ran); a cutover needs a passed one newer than the last delta pass.</summary>
        [JsonInclude]
        public ParityResult? Parity { get; internal set; }

        /// <summary>The cluster the source index lives on.</summary>
        [JsonInclude]
        public ClusterIdentity? SourceCluster { get; internal set; }

        /// <summary>The cluster the target index (and this record) lives on; the source's unless the migration moves clusters.</summary>
        [JsonInclude]
        public ClusterIdentity? TargetCluster { get; internal set; }

        /// <summary>
        /// The cluster applications read and write now: the target's from the cutover, the source's
        /// again after a rollback; null before any cutover (the source's). Applications switch
        /// endpoint by it (its uris) and use <see cref="ServingAlias"/> there.
        /// </summary>
        [JsonInclude]
        public ClusterIdentity? ServingCluster { get; internal set; }

        /// <summary>When the rollback window was closed (phase Completed).</summary>
        [JsonInclude]
        public DateTimeOffset? CompletedAt { get; internal set; }

        /// <summary>True when the target index lives on another cluster than the source.</summary>
        [JsonIgnore]
        public bool IsCrossCluster => SourceCluster != null && TargetCluster != null && !SourceCluster.IsSameCluster(TargetCluster);

        /// <summary>True when the target cluster serves (cut over, or completed, and not rolled back).</summary>
        [JsonIgnore]
        public bool TargetServes => Phase == MigrationPhase.CutOver || Phase == MigrationPhase.Completed;

        /// <summary>The alias applications use on <see cref="ServingCluster"/>: the target alias once the target serves, else the alias.</summary>
        [JsonIgnore]
        public string ServingAlias => TargetServes ? AliasOnTarget : Alias;

        /// <summary>The alias on the target cluster (<see cref="TargetAlias"/>, else <see cref="Alias"/>).</summary>
        [JsonIgnore]
        public string AliasOnTarget => TargetAlias ?? Alias;

        public override string ToString() => $"{Alias}: {Source} -> {Target} ({Phase})";
    }
}
