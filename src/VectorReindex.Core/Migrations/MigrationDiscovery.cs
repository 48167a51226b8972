using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Finds migrations from the _meta of every index (Get-VectorMigration).</summary>
    public static class MigrationDiscovery
    {
        public static async Task<IReadOnlyList<VectorMigration>> ListAsync(ElasticsearchCluster transport, CancellationToken ct)
        {
            var mappings = await new IndicesApi(transport).GetAllMappingsAsync(ct).ConfigureAwait(false);
            return mappings
                .Select(m => MigrationStore.FromMappings(m.Value))
                .Where(m => m != null)
                .Select(m => m!)
                .OrderBy(m => m.CreatedAt)
                .ToList();
        }

        /// <summary>The newest migration of an alias that has not been cut over yet, or null.</summary>
        public static async Task<VectorMigration?> FindInFlightAsync(ElasticsearchCluster transport, string alias, CancellationToken ct)
        {
            var all = await ListAsync(transport, ct).ConfigureAwait(false);
            return all.LastOrDefault(m => m.Alias == alias && m.Phase != MigrationPhase.CutOver && m.Phase != MigrationPhase.RolledBack);
        }
    }
}
