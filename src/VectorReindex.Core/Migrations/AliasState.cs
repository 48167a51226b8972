using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>What an alias serves now: its live index, the migration that cut over to it (if any), its vector field's mapping, and its lineage.</summary>
    public sealed class AliasState
    {
        public AliasState(string alias, string live, VectorMigration? lastMigration, string? vectorField, JsonObject? vectorMapping, AliasLineage lineage)
        {
            Alias = alias;
            Live = live;
            LastMigration = lastMigration;
            VectorField = vectorField;
            VectorMapping = vectorMapping;
            Lineage = lineage;
        }

        public string Alias { get; }

        public string Live { get; }

        /// <summary>The migration recorded on the live index that cut the alias over to it; null when the live index was not made by one.</summary>
        public VectorMigration? LastMigration { get; }

        public string? VectorField { get; }

        /// <summary>The live index's mapping of <see cref="VectorField"/>.</summary>
        public JsonObject? VectorMapping { get; }

        public AliasLineage Lineage { get; }
    }
}
