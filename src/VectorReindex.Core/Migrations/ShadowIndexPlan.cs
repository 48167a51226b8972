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
    }
}
