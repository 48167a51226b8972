using System.Text.Json.Nodes;

namespace VectorReindex.Core.Migrations
{
    /// <summary>One alias move, as Switch-IndexAlias will make it: a single atomic _aliases request.</summary>
    public sealed class AliasSwitchPlan
    {
        public AliasSwitchPlan(string alias, string from, string to, JsonArray actions, VectorMigration? migration, bool isRollback)
        {
            Alias = alias;
            From = from;
            To = to;
            Actions = actions;
            Migration = migration;
            IsRollback = isRollback;
        }

        public string Alias { get; }
        public string From { get; }
        public string To { get; }

        /// <summary>The _aliases actions; empty when the alias already points where asked.</summary>
        public JsonArray Actions { get; }

        /// <summary>The migration between the two indexes, when there is one (forward or rolled back).</summary>
        public VectorMigration? Migration { get; }

        public bool IsRollback { get; }

        public bool IsNoOp => Actions.Count == 0;

        public override string ToString() => $"alias {Alias}: {From} -> {To}";
    }
}
