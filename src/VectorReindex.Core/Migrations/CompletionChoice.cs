using System.Collections.Generic;
using System.Linq;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Which recorded migration an alias name means when a rollback window is to be closed
    /// (Complete-VectorMigration -Alias): among the migrations whose alias, or alias on the target
    /// cluster, has that name, the newest one cut over (its window is open); else the newest
    /// completed one (completing again changes nothing); else the newest of any phase, which the
    /// completion then refuses with its phase. Names that lead to migrations of different aliases
    /// are refused rather than guessed.
    /// </summary>
    public static class CompletionChoice
    {
        /// <param name="recorded">Every migration recorded on the cluster, in any order.</param>
        /// <param name="cluster">The cluster's name, for the messages.</param>
        public static VectorMigration Choose(IReadOnlyList<VectorMigration> recorded, string alias, string cluster)
        {
            var candidates = recorded.Where(m => m.Alias == alias || m.AliasOnTarget == alias).ToList();
            if (candidates.Count == 0)
                throw new VectorMigrationException(MigrationErrorCodes.NoMigrationForAlias, MigrationErrorKind.NotFound,
                    $"No migration of alias {alias} is recorded on cluster {cluster}. A migration to another cluster is recorded on its target cluster.", alias);
            var tier = candidates.Where(m => m.Phase == MigrationPhase.CutOver).ToList();
            if (tier.Count == 0) tier = candidates.Where(m => m.Phase == MigrationPhase.Completed).ToList();
            if (tier.Count == 0) tier = candidates;
            var aliases = tier.Select(m => (m.Alias, m.AliasOnTarget)).Distinct().ToList();
            if (aliases.Count > 1)
                throw new VectorMigrationException(MigrationErrorCodes.AmbiguousMigration, MigrationErrorKind.InvalidArgument,
                    $"Alias {alias} on cluster {cluster} names {aliases.Count} migrations of different aliases: " +
                    string.Join("; ", tier.Select(m => $"{m.Alias} ({m.Source} -> {m.Target}{(m.TargetAlias == null ? "" : ", alias " + m.TargetAlias + " on the target")}, {m.Phase})")) + ".",
                    alias);
            return tier.OrderBy(m => m.CutoverAt ?? m.CreatedAt).ThenBy(m => m.CreatedAt).Last();
        }
    }
}
