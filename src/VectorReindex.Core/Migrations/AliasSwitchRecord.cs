using System;

namespace VectorReindex.Core.Migrations
{
    /// <summary>What Switch-IndexAlias did when it was not given a migration object.</summary>
    public sealed class AliasSwitchRecord
    {
        public AliasSwitchRecord(string alias, string from, string to, DateTimeOffset at)
        {
            Alias = alias;
            From = from;
            To = to;
            At = at;
        }

        public string Alias { get; }
        public string From { get; }
        public string To { get; }
        public DateTimeOffset At { get; }

        public override string ToString() => $"{Alias}: {From} -> {To} at {At:u}";
    }
}
