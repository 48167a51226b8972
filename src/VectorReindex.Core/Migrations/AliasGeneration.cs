using System;
using System.Text.Json.Serialization;

namespace VectorReindex.Core.Migrations
{
    /// <summary>How an index became the one an alias serves.</summary>
    public enum GenerationEntry
    {
        /// <summary>The first index the lineage knows of (created behind the alias, or found there).</summary>
        Created,

        /// <summary>A cutover: the alias moved forward to a migration's target.</summary>
        CutOver,

        /// <summary>A rollback: the alias moved back to the index it had left.</summary>
        RolledBack,
    }

    /// <summary>One step of an alias's lineage: the index it served from <see cref="Since"/> on, and how it got there.</summary>
    public sealed class AliasGeneration
    {
        [JsonConstructor]
        public AliasGeneration(string index, GenerationEntry entry, DateTimeOffset? since)
        {
            Index = index;
            Entry = entry;
            Since = since;
        }

        /// <summary>The alias (set from the lineage that holds this generation; not stored per generation).</summary>
        [JsonIgnore]
        public string Alias { get; internal set; } = "";

        public string Index { get; }

        public GenerationEntry Entry { get; }

        /// <summary>When the alias moved to <see cref="Index"/>; null for a first index whose creation was not recorded.</summary>
        public DateTimeOffset? Since { get; }

        public override string ToString() => $"{Index} ({Entry}{(Since.HasValue ? " " + Since.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "")})";
    }
}
