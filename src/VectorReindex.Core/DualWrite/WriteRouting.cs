using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.DualWrite
{
    /// <summary>
    /// Where writes through an alias must go now: the live (write) index, and the second index
    /// kept in step — the target of a migration in flight, or, after its cutover, the old index
    /// kept for rollback. Every safe write (upsert, delete, metadata update) routes the same way.
    /// </summary>
    public sealed class WriteRouting
    {
        private WriteRouting(string alias, string live, string? second, VectorMigration? migration, System.Collections.Generic.Dictionary<string, System.Text.Json.Nodes.JsonObject> mappings)
        {
            Alias = alias;
            Live = live;
            Second = second;
            Migration = migration;
            Mappings = mappings;
        }

        public string Alias { get; }
        public string Live { get; }

        /// <summary>The index that gets every write second, with versioning; null when there is none.</summary>
        public string? Second { get; }

        /// <summary>The migration that makes <see cref="Second"/> necessary.</summary>
        public VectorMigration? Migration { get; }

        /// <summary>True when <see cref="Second"/> is the old index after a cutover (not a migration target).</summary>
        public bool SecondIsOldIndex => Migration != null && Second == Migration.Source;

        internal System.Collections.Generic.Dictionary<string, System.Text.Json.Nodes.JsonObject> Mappings { get; }

        public static async Task<WriteRouting> ResolveAsync(ElasticsearchCluster transport, string alias, CancellationToken ct)
        {
            var live = await AliasResolver.ResolveWriteIndexAsync(transport, alias, ct).ConfigureAwait(false);
            var mappings = await new IndicesApi(transport).GetAllMappingsAsync(ct).ConfigureAwait(false);
            var migrations = mappings.Select(m => MigrationStore.FromMappings(m.Value)).Where(m => m != null && m.Alias == alias).Select(m => m!).ToList();
            var inFlight = migrations.LastOrDefault(m => m.Phase < MigrationPhase.CutOver && m.Source == live && mappings.ContainsKey(m.Target));
            if (inFlight != null) return new WriteRouting(alias, live, inFlight.Target, inFlight, mappings);
            var cutOver = migrations.LastOrDefault(m => m.Phase == MigrationPhase.CutOver && m.Target == live && mappings.ContainsKey(m.Source));
            if (cutOver != null) return new WriteRouting(alias, live, cutOver.Source, cutOver, mappings);
            return new WriteRouting(alias, live, null, null, mappings);
        }

        public override string ToString() => Second == null ? $"{Alias} -> {Live}" : $"{Alias} -> {Live}, then {Second}";
    }
}
