using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.DualWrite
{
    /// <summary>
    /// Where writes through an alias must go now: the live (write) index, and the second index
    /// kept in step — the target of a migration in flight, or, after its cutover, the old index
    /// kept for rollback. Every safe write (upsert, delete, metadata update) routes the same way.
    /// A migration to another cluster is found from either side: on the old cluster by the
    /// <see cref="SourceMarker"/> of the alias's write index, on the new one by the record of its
    /// target index; the record (on the target) decides which cluster is written first.
    /// </summary>
    public sealed class WriteRouting
    {
        private WriteRouting(string alias, string live, ClusterConnection liveConnection, JsonObject liveMappings,
            string? second, ClusterConnection? secondConnection, JsonObject? secondMappings, VectorMigration? migration)
        {
            Alias = alias;
            Live = live;
            LiveConnection = liveConnection;
            LiveMappings = liveMappings;
            Second = second;
            SecondConnection = secondConnection;
            SecondMappings = secondMappings;
            Migration = migration;
        }

        /// <summary>The alias written through on <see cref="LiveCluster"/> (after a cutover to another cluster, the alias there).</summary>
        public string Alias { get; }

        public string Live { get; }

        /// <summary>The cluster written first.</summary>
        public ClusterIdentity LiveCluster => LiveConnection.Identity;

        /// <summary>The index that gets every write second, with versioning; null when there is none.</summary>
        public string? Second { get; }

        /// <summary>The cluster <see cref="Second"/> lives on; null when there is no second index.</summary>
        public ClusterIdentity? SecondCluster => SecondConnection?.Identity;

        /// <summary>The migration that makes <see cref="Second"/> necessary.</summary>
        public VectorMigration? Migration { get; }

        /// <summary>True when <see cref="Second"/> is the old index after a cutover (not a migration target).</summary>
        public bool SecondIsOldIndex => Migration != null && Second == Migration.Source && Live == Migration.Target;

        /// <summary>True when the second index lives on another cluster than the live one.</summary>
        public bool IsCrossCluster => SecondConnection != null && !SecondConnection.Identity.IsSameCluster(LiveConnection.Identity);

        /// <summary>
        /// Why the second index's cluster could not even be asked for the migration's record (it is
        /// down); null normally. Writes then go to the live index only and are all counted as missed
        /// second writes, for the delta to bring over: a second write made without the record could
        /// carry the wrong model's vector under the right version.
        /// </summary>
        public string? SecondUnreachable { get; private set; }

        /// <summary>
        /// The alias's index_routing on <see cref="Live"/>, or null. Writes go to the concrete live
        /// index, not through the alias, so they carry it themselves, as Elasticsearch applies it to
        /// a write through the alias.
        /// </summary>
        public string? LiveIndexRouting { get; private set; }

        /// <summary>The routing a write through the alias would have: the alias's index_routing when it has one, else the document's own.</summary>
        public string? RoutingOf(string? routing) => LiveIndexRouting ?? routing;

        /// <summary>
        /// Why a document given <paramref name="routing"/> cannot be written through the alias, as
        /// Elasticsearch refuses a write through an alias with index_routing that names another routing; null when it can.
        /// </summary>
        public string? RoutingConflict(string id, string? routing) =>
            LiveIndexRouting == null || routing == null || routing == LiveIndexRouting ? null
                : $"Alias {Alias} has index routing '{LiveIndexRouting}' and document '{id}' was given routing '{routing}'. Leave the routing out (the alias supplies it) or write through another alias; nothing was written.";

        internal ClusterConnection LiveConnection { get; }

        internal ClusterConnection? SecondConnection { get; }

        internal JsonObject LiveMappings { get; }

        internal JsonObject? SecondMappings { get; }

        /// <summary>
        /// The routing of writes through <paramref name="alias"/> on <paramref name="known"/>, the one
        /// cluster the writer was given. A migration to or from another cluster needs that cluster's
        /// connection from <paramref name="clusters"/>; without one this throws
        /// <see cref="MigrationErrorCodes.TargetClusterNotConnected"/> (or SourceClusterNotConnected)
        /// rather than write one cluster only.
        /// </summary>
        public static async Task<WriteRouting> ResolveAsync(ClusterConnection known, string alias, IClusterResolver? clusters, CancellationToken ct)
        {
            var (live, properties) = await AliasResolver.ResolveWriteEntryAsync(known.Cluster, alias, ct).ConfigureAwait(false);
            var routing = await ResolveIndexesAsync(known, alias, live, clusters, ct).ConfigureAwait(false);
            // Across clusters the live index may be another cluster's, behind its own alias: ask there.
            if (routing.LiveConnection == known && routing.Alias == alias && routing.Live == live)
                routing.LiveIndexRouting = properties?.IndexRouting;
            else if ((await new IndicesApi(routing.LiveConnection.Cluster).GetAliasAsync(routing.Alias, ct).ConfigureAwait(false))
                     .TryGetValue(routing.Live, out var entry) && entry.Aliases.TryGetValue(routing.Alias, out var across))
                routing.LiveIndexRouting = across.IndexRouting;
            return routing;
        }

        private static async Task<WriteRouting> ResolveIndexesAsync(ClusterConnection known, string alias, string live, IClusterResolver? clusters, CancellationToken ct)
        {
            var mappings = await new IndicesApi(known.Cluster).GetAllMappingsAsync(ct).ConfigureAwait(false);
            var liveMappings = mappings.TryGetValue(live, out var lm) ? lm : new JsonObject();

            // The old cluster's side of a migration to another cluster: its marker names the new one, whose record decides.
            if (SourceMarker.FromMappings(liveMappings) is { } marker && marker.Alias == alias)
            {
                var target = Find(clusters, marker.TargetCluster)
                    ?? throw NotConnected(MigrationErrorCodes.TargetClusterNotConnected, alias, live, marker.TargetIndex, marker.TargetCluster, "target");
                VectorMigration record;
                try
                {
                    record = await ReadRecordAsync(target, marker, ct).ConfigureAwait(false);
                }
                catch (ElasticsearchException ex) when (Unreachable(ex) && marker.Phase is not (MigrationPhase.CutOver or MigrationPhase.Completed))
                {
                    // The new cluster is down before its cutover (as the marker last said): the old one serves, so write it, and count every second write missed.
                    return new WriteRouting(alias, live, known, liveMappings, marker.TargetIndex, target, null, null) { SecondUnreachable = ex.Message };
                }
                return await AcrossAsync(record, source: known, target: target, ct).ConfigureAwait(false);
            }

            // The new cluster's side: the live index is the target of a migration from another cluster.
            var ownRecord = MigrationStore.FromMappings(liveMappings, live);
            if (ownRecord != null && ownRecord.IsCrossCluster && ownRecord.Target == live && (ownRecord.AliasOnTarget == alias || ownRecord.Alias == alias)
                && ownRecord.Phase is MigrationPhase.CutOver or MigrationPhase.RolledBack)
            {
                var source = Find(clusters, ownRecord.SourceCluster!)
                    ?? throw NotConnected(MigrationErrorCodes.SourceClusterNotConnected, alias, live, ownRecord.Source, ownRecord.SourceCluster!, "source");
                return await AcrossAsync(ownRecord, source: source, target: known, ct).ConfigureAwait(false);
            }

            var migrations = mappings.Select(m => MigrationStore.FromMappings(m.Value)).Where(m => m != null && m.Alias == alias && !m.IsCrossCluster).Select(m => m!).ToList();
            // Until a migration is completed, rolled back or abandoned, whichever of its two indexes the
            // alias writes to, the other gets the second write: the cutover moves the alias before it
            // records phase CutOver, and a writer resolving in between must still keep the old index current.
            var inFlight = migrations.LastOrDefault(m => m.Phase <= MigrationPhase.CutOver && m.Source == live && mappings.ContainsKey(m.Target));
            if (inFlight != null) return new WriteRouting(alias, live, known, liveMappings, inFlight.Target, known, mappings[inFlight.Target], inFlight);
            var cutOver = migrations.LastOrDefault(m => m.Phase <= MigrationPhase.CutOver && m.Target == live && mappings.ContainsKey(m.Source));
            if (cutOver != null) return new WriteRouting(alias, live, known, liveMappings, cutOver.Source, known, mappings[cutOver.Source], cutOver);
            return new WriteRouting(alias, live, known, liveMappings, null, null, null, null);
        }

        /// <summary>
        /// A migration between two clusters, by its record's phase: before the cutover and after a
        /// rollback the old cluster first, then the new one; after the cutover the new one first
        /// (through its alias), then the old one (reverse dual-write) until the migration is completed.
        /// </summary>
        private static async Task<WriteRouting> AcrossAsync(VectorMigration record, ClusterConnection source, ClusterConnection target, CancellationToken ct)
        {
            var sourceMappings = await new IndicesApi(source.Cluster).GetMappingAsync(record.Source, ct).ConfigureAwait(false);
            var targetMappings = await new IndicesApi(target.Cluster).GetMappingAsync(record.Target, ct).ConfigureAwait(false);
            return record.Phase switch
            {
                MigrationPhase.CutOver => new WriteRouting(record.AliasOnTarget, record.Target, target, targetMappings, record.Source, source, sourceMappings, record),
                MigrationPhase.Completed => new WriteRouting(record.AliasOnTarget, record.Target, target, targetMappings, null, null, null, record),
                MigrationPhase.Abandoned => new WriteRouting(record.Alias, record.Source, source, sourceMappings, null, null, null, record),
                _ => new WriteRouting(record.Alias, record.Source, source, sourceMappings, record.Target, target, targetMappings, record),
            };
        }

        private static bool Unreachable(ElasticsearchException ex) =>
            ex.Failure is ElasticsearchFailure.Connection or ElasticsearchFailure.Timeout || ex.StatusCode >= 500;

        private static ClusterConnection? Find(IClusterResolver? clusters, ClusterIdentity cluster) => clusters?.Find(cluster);

        private static async Task<VectorMigration> ReadRecordAsync(ClusterConnection target, SourceMarker marker, CancellationToken ct)
        {
            VectorMigration? record = null;
            if (await new IndicesApi(target.Cluster).ExistsAsync(marker.TargetIndex, ct).ConfigureAwait(false))
                record = await MigrationStore.ReadAsync(target.Cluster, marker.TargetIndex, ct).ConfigureAwait(false);
            if (record == null || record.Id != marker.MigrationId)
                throw new VectorMigrationException(MigrationErrorCodes.MigrationRecordNotFound, MigrationErrorKind.NotFound,
                    $"The marker of alias {marker.Alias} names migration {marker.MigrationId} to index {marker.TargetIndex} on cluster {marker.TargetCluster.Name}, " +
                    $"but that index {(record == null ? "holds no migration record" : "records migration " + record.Id)}. Writes are not sent anywhere until the marker and the record agree.",
                    marker.TargetIndex);
            // A record is read from its own cluster: it lives there.
            record.TargetCluster ??= target.Identity;
            return record;
        }

        /// <summary>The error names the other cluster's first address as its target: where the host must connect.</summary>
        private static VectorMigrationException NotConnected(string code, string alias, string live, string otherIndex, ClusterIdentity other, string side) =>
            new VectorMigrationException(code, MigrationErrorKind.InvalidState,
                $"Writes to alias {alias} ({live}) must also go to index {otherIndex} on the migration's {side} cluster {other.Name} (uuid {other.Uuid}), and there is no open connection to it. " +
                $"Open one to {other.Uris.FirstOrDefault() ?? "that cluster"} first; nothing was written.",
                other.Uris.FirstOrDefault() ?? other.Name);

        public override string ToString() => Second == null ? $"{Alias} -> {Live}" : $"{Alias} -> {Live}, then {Second}";
    }
}
