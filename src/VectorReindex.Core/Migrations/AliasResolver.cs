using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Finds the index an alias writes to: the migration's source.</summary>
    public static class AliasResolver
    {
        public static async Task<string> ResolveWriteIndexAsync(ElasticsearchCluster transport, string alias, CancellationToken ct) =>
            (await ResolveWriteEntryAsync(transport, alias, ct).ConfigureAwait(false)).Index;

        /// <summary>The alias's write index, with the alias's properties on it (its index_routing, say).</summary>
        public static async Task<(string Index, AliasProperties? Properties)> ResolveWriteEntryAsync(ElasticsearchCluster transport, string alias, CancellationToken ct)
        {
            var indices = new IndicesApi(transport);
            var entries = await indices.GetAliasAsync(alias, ct).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                var isIndex = await indices.ExistsAsync(alias, ct).ConfigureAwait(false);
                throw new VectorMigrationException(MigrationErrorCodes.AliasNotFound, MigrationErrorKind.NotFound,
                    isIndex
                        ? $"'{alias}' is an index, not an alias. Zero-downtime migrations move an alias: point one at the index (POST /_aliases {{\"actions\":[{{\"add\":{{\"index\":\"{alias}\",\"alias\":\"{alias}-live\"}}}}]}}), and have readers use it."
                        : $"Alias '{alias}' does not exist on the cluster. Check the name (GET /_cat/aliases lists them), or create it over the live index first.",
                    alias);
            }
            var writers = entries.Count == 1 ? entries.ToList()
                : entries.Where(e => e.Value.Aliases.TryGetValue(alias, out var p) && p.IsWriteIndex == true).ToList();
            if (writers.Count == 1) return (writers[0].Key, writers[0].Value.Aliases.TryGetValue(alias, out var properties) ? properties : null);
            throw new VectorMigrationException(MigrationErrorCodes.AliasHasNoWriteIndex, MigrationErrorKind.InvalidState,
                $"Alias '{alias}' points to {entries.Count} indices ({string.Join(", ", entries.Keys.OrderBy(k => k))}) and none is its write index, so there is no single source to migrate. " +
                "None is marked is_write_index: true (POST /_aliases).",
                alias);
        }
    }
}
