using System;
using System.Globalization;
using System.Text.Json.Nodes;
using VectorReindex.Core.DualWrite;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Which alias moves are safe. Forward only to the migration in flight from the live index;
    /// back only to the generation dual-write kept current since the last cutover; anything else
    /// the alias served (or a rolled-back or abandoned target) only after a delta brings it up to
    /// date; an index no record connects to the alias only when forced, and then only if it serves
    /// what the alias serves (vector field, dimensions, model) or a model change is allowed.
    /// </summary>
    public static class CutoverGuard
    {
        /// <summary>Judges a move of <paramref name="alias"/> from <paramref name="from"/> (live) to <paramref name="to"/>; throws when it is refused.</summary>
        public static (AliasSwitchKind Kind, VectorMigration? Migration) Judge(
            string alias, string from, string to, JsonObject liveMappings, JsonObject toMappings, AliasLineage lineage,
            bool force, bool allowModelChange, bool catchUp)
        {
            var liveRecord = MigrationStore.FromMappings(liveMappings, from);
            var toRecord = MigrationStore.FromMappings(toMappings, to);
            if (toRecord != null && toRecord.Alias == alias && toRecord.Source == from)
            {
                if (toRecord.IsInFlight) return (AliasSwitchKind.Forward, toRecord);
                if (catchUp) return (AliasSwitchKind.CatchUp, toRecord);
                throw new VectorMigrationException(MigrationErrorCodes.IndexNotCurrent, MigrationErrorKind.InvalidState,
                    $"Not switching alias {alias} to {to}: its migration from {from} is {toRecord.Phase} (since {toRecord.UpdatedAt:u}), so writes made since then never reached it. " +
                    $"A delta from {from} into {to} brings it up to date before the switch.", to);
            }
            var predecessor = lineage.KeptCurrentPredecessor(liveRecord);
            if (predecessor == to) return (AliasSwitchKind.Rollback, liveRecord);
            if (lineage.Served(to))
            {
                if (catchUp) return (AliasSwitchKind.CatchUp, null);
                throw new VectorMigrationException(MigrationErrorCodes.RollbackTooFar, MigrationErrorKind.InvalidState,
                    $"Not rolling alias {alias} back to {to}: it is not the generation dual-write kept current ({(predecessor == null ? "none is, after " + DescribeLast(lineage) : predecessor + " is")}), " +
                    $"so writes made since the alias left {to} are missing from it (lineage: {lineage}). A delta from {from} into {to} brings it up to date before the switch.", to);
            }
            if (!force)
                throw new VectorMigrationException(MigrationErrorCodes.CutoverTargetNotRecorded, MigrationErrorKind.InvalidState,
                    $"Not switching alias {alias} to {to}: {to} is neither the target of a migration in flight from {from} nor the generation kept current for a rollback " +
                    $"(lineage: {lineage}). Nothing shows it holds what {alias} serves; a matching document count is no proof.", to);
            var difference = ModelDifference(from, to, liveMappings, toMappings, liveRecord);
            if (difference != null && !allowModelChange)
                throw new VectorMigrationException(MigrationErrorCodes.ModelChangeNotAllowed, MigrationErrorKind.InvalidArgument,
                    $"Not switching alias {alias} to {to}: {difference}. Every query vector made for {from} would fail or mislead against {to}.", to);
            return (catchUp ? AliasSwitchKind.CatchUp : AliasSwitchKind.Unrecorded, null);
        }

        /// <summary>True when the record holds a passing parity check made after its last delta pass (or, without one, after its backfill).</summary>
        public static bool HasFreshParity(VectorMigration migration)
        {
            if (migration.Parity is not { Passed: true } parity) return false;
            var lastWrite = migration.Delta?.LastPassAt ?? migration.Backfill?.CompletedAt ?? migration.CreatedAt;
            if (migration.Backfill?.CompletedAt is { } backfilled && backfilled > lastWrite) lastWrite = backfilled;
            return parity.At >= lastWrite;
        }

        /// <summary>How <paramref name="to"/> differs from what the alias serves through <paramref name="from"/>: vector field, dimensions or model; null when it serves the same.</summary>
        internal static string? ModelDifference(string from, string to, JsonObject liveMappings, JsonObject toMappings, VectorMigration? liveRecord)
        {
            var field = ServedVectorField(from, liveMappings, liveRecord);
            if (field == null) return null; // the alias serves no vectors: nothing a query could get wrong
            var served = ShadowIndexPlanner.FieldAt(liveMappings, field);
            var candidate = ShadowIndexPlanner.FieldAt(toMappings, field);
            if (candidate == null || candidate["type"]?.ToString() != "dense_vector")
                return $"{from} serves vectors in field '{field}', and {to} has no dense_vector field of that name";
            var servedDims = Dims(served);
            var candidateDims = Dims(candidate);
            if (servedDims != candidateDims)
                return string.Format(CultureInfo.InvariantCulture, "field '{0}' holds {1} dimensions in {2} and {3} in {4}", field, Describe(servedDims), from, Describe(candidateDims), to);
            var a = ModelOf(liveMappings);
            var b = ModelOf(toMappings);
            if (!Equals(a, b))
                return $"{from} holds vectors of {a?.Description ?? "an unrecorded model"} and {to} of {b?.Description ?? "an unrecorded model"}";
            return null;
        }

        /// <summary>The dense_vector field the alias serves: the live record's, or the live index's only one.</summary>
        internal static string? ServedVectorField(string live, JsonObject liveMappings, VectorMigration? liveRecord)
        {
            if (liveRecord != null && liveRecord.Target == live && liveRecord.VectorField.Length > 0) return liveRecord.VectorField;
            try { return ShadowIndexPlanner.ChooseVectorField(liveMappings, null, live); }
            catch (VectorMigrationException) { return null; }
        }

        internal static int? Dims(JsonObject? field) => field?["dims"] is JsonValue d && d.TryGetValue(out int n) ? n : (int?)null;

        /// <summary>
        /// The model that made an index's vectors: its migration's embedder, or for a copy migration
        /// (which keeps the source's vectors) and an index without a record, _meta.embedder.
        /// </summary>
        internal static Embedding.EmbedderDescriptor? ModelOf(JsonObject mappings)
        {
            var recorded = MigrationStore.FromMappings(mappings)?.EmbedderDescriptor;
            if (recorded != null && recorded.Kind != Embedding.EmbedderKind.Copy) return recorded;
            if (mappings["_meta"]?[IndexModel.MetaKey] is not JsonObject own) return null;
            try
            {
                var d = Embedding.EmbedderDescriptor.FromJson(own.ToJsonString());
                return d.Kind == Embedding.EmbedderKind.Copy ? null : d;
            }
            catch (System.Text.Json.JsonException) { return null; }
        }

        private static string Describe(int? dims) => dims?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

        private static string DescribeLast(AliasLineage lineage) =>
            lineage.Live.Entry == GenerationEntry.RolledBack ? $"the rollback to {lineage.Live.Index}" : $"{lineage.Live.Index} was {lineage.Live.Entry}";
    }
}
