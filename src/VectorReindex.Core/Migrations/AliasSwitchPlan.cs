using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>One alias move, as Switch-IndexAlias will make it: a single atomic _aliases request.</summary>
    public sealed class AliasSwitchPlan
    {
        public AliasSwitchPlan(string alias, string from, string to, JsonArray actions, VectorMigration? migration, AliasSwitchKind kind, AliasLineage lineage)
        {
            Alias = alias;
            From = from;
            To = to;
            Actions = actions;
            Migration = migration;
            Kind = kind;
            Lineage = lineage;
        }

        public string Alias { get; }
        public string From { get; }
        public string To { get; }

        /// <summary>The _aliases actions; empty when the alias already points where asked.</summary>
        public JsonArray Actions { get; }

        /// <summary>The migration between the two indexes, when there is one (forward or rolled back).</summary>
        public VectorMigration? Migration { get; }

        public AliasSwitchKind Kind { get; }

        /// <summary>The alias's generations as the live index records them, before this switch.</summary>
        public AliasLineage Lineage { get; }

        public bool IsRollback => Kind == AliasSwitchKind.Rollback;

        public bool IsNoOp => Actions.Count == 0;

        /// <summary>The same switch with the migration's newer record (after a parity check the cutover ran itself).</summary>
        public AliasSwitchPlan With(VectorMigration migration) => new AliasSwitchPlan(Alias, From, To, Actions, migration, Kind, Lineage);

        public override string ToString() => Kind == AliasSwitchKind.CatchUp
            ? $"alias {Alias}: {From} -> {To}, after a delta from {From} into {To}"
            : $"alias {Alias}: {From} -> {To}";
    }
}
