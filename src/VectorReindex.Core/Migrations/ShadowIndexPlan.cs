using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>The index New-ShadowIndex would create: its name, the exact create body, and the migration it records.</summary>
    public sealed class ShadowIndexPlan
    {
        public ShadowIndexPlan(VectorMigration migration, JsonObject body, DriftReport drift)
        {
            Migration = migration;
            Body = body;
            Drift = drift;
        }

        public VectorMigration Migration { get; }

        /// <summary>The PUT /{target} body: settings, mappings (with _meta) and no aliases.</summary>
        public JsonObject Body { get; }

        /// <summary>Every default of the target cluster's version that differs from the source's, as resolved.</summary>
        public DriftReport Drift { get; }

        public string BodyJson => DisplayJson.Format(Body);

        /// <summary>What creating the index does, in a sentence per step (for -WhatIf); set by the engine, which knows both clusters.</summary>
        public string Description { get; private set; } = "";

        /// <summary>The question -Confirm asks.</summary>
        public string Question { get; private set; } = "";

        /// <summary>Words <see cref="Description"/> and <see cref="Question"/> for a source on one cluster and the target on another (or the same).</summary>
        internal ShadowIndexPlan Describe(string sourceCluster, string sourceVersion, string targetCluster, string targetVersion, bool moves)
        {
            var m = Migration;
            var where = !moves ? "" : $" on cluster {targetCluster} (Elasticsearch {targetVersion})";
            var from = !moves ? m.Source : $"{m.Source} on cluster {sourceCluster} (Elasticsearch {sourceVersion})";
            var marker = !moves ? "" : $" The source index gets a _meta.{SourceMarker.MetaKey} marker naming the target.";
            var tombstones = m.SourceGcDeletes is { } gcDeletes
                ? $" The source's index.gc_deletes goes from {gcDeletes} to {DeletesRetention.MigrationWindow} until cutover, so deletes stay versioned." : "";
            Description = $"Creating index {m.Target}{where} for alias {m.Alias} (source {from}).{marker}{tombstones}";
            Question = $"Create index {m.Target}{where} for alias {m.Alias}?";
            return this;
        }
    }
}
