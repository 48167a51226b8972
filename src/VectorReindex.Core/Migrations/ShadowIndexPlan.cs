using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>The index New-ShadowIndex would create: its name, the exact create body, and the migration it records.</summary>
    public sealed class ShadowIndexPlan
    {
        public ShadowIndexPlan(VectorMigration migration, JsonObject body)
        {
            Migration = migration;
            Body = body;
        }

        public VectorMigration Migration { get; }

        /// <summary>The PUT /{target} body: settings, mappings (with _meta) and no aliases.</summary>
        public JsonObject Body { get; }

        public string BodyJson => DisplayJson.Format(Body);
    }
}
