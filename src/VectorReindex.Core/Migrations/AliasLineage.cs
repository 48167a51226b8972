using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The generations an alias has served (v1 -> v2 -> v3 ...), oldest first, each with the time
    /// the alias moved to it. Kept in the _meta of the index the alias serves (written there before
    /// every move), so it survives the removal of every other index; read only from the live index.
    /// </summary>
    public sealed class AliasLineage
    {
        /// <summary>Key of the lineage inside an index mapping's _meta.</summary>
        public const string MetaKey = "vectorreindex_lineage";

        [JsonConstructor]
        public AliasLineage(string alias, IReadOnlyList<AliasGeneration> generations)
        {
            Alias = alias;
            Generations = generations;
            foreach (var g in generations) g.Alias = alias;
        }

        public string Alias { get; }

        public IReadOnlyList<AliasGeneration> Generations { get; }

        /// <summary>The index the alias serves now.</summary>
        [JsonIgnore]
        public AliasGeneration Live => Generations[Generations.Count - 1];

        /// <summary>
        /// What is known without a stored lineage: the live index, and before it the source of the
        /// migration recorded on it when that migration cut over to it.
        /// </summary>
        public static AliasLineage Infer(string alias, string live, VectorMigration? liveRecord)
        {
            if (liveRecord is { TargetServes: true } r && r.Alias == alias && r.Target == live)
                return new AliasLineage(alias, new[]
                {
                    new AliasGeneration(r.Source, GenerationEntry.Created, null),
                    new AliasGeneration(live, GenerationEntry.CutOver, r.CutoverAt),
                });
            return new AliasLineage(alias, new[] { new AliasGeneration(live, GenerationEntry.Created, null) });
        }

        /// <summary>This lineage followed by a move of the alias to <paramref name="index"/>.</summary>
        public AliasLineage Then(string index, GenerationEntry entry, DateTimeOffset at) =>
            new AliasLineage(Alias, Generations.Concat(new[] { new AliasGeneration(index, entry, at) }).ToList());

        /// <summary>
        /// The one index a rollback may go to without catching up first: the generation the alias
        /// left at its last move, when that move was a cutover whose migration (recorded on the live
        /// index, phase CutOver) has dual-write keep its source current ever since. Null after a
        /// rollback (nothing was kept current behind it) or when there was no cutover.
        /// </summary>
        public string? KeptCurrentPredecessor(VectorMigration? liveRecord)
        {
            if (Generations.Count < 2 || Live.Entry != GenerationEntry.CutOver) return null;
            var previous = Generations[Generations.Count - 2].Index;
            return liveRecord is { Phase: MigrationPhase.CutOver } r && r.Alias == Alias && r.Target == Live.Index && r.Source == previous ? previous : null;
        }

        /// <summary>True when <paramref name="index"/> served the alias at some point before the live generation.</summary>
        public bool Served(string index) => Generations.Take(Generations.Count - 1).Any(g => g.Index == index);

        public override string ToString() => Alias + ": " + string.Join(" -> ", Generations.Select(g => g.Index));
    }
}
