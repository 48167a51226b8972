using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.Core.Indexes
{
    /// <summary>Creates the first live index behind a new alias (New-VectorIndex).</summary>
    public sealed class VectorIndexService
    {
        private readonly ElasticsearchCluster _transport;
        private readonly ILogger _logger;

        public VectorIndexService(ElasticsearchCluster transport, ILogger logger)
        {
            _transport = transport;
            _logger = logger;
        }

        /// <summary>Plans the index and checks that neither the alias nor the index exists yet. Changes nothing.</summary>
        public async Task<VectorIndexPlan> PlanAsync(VectorIndexOptions options, CancellationToken ct)
        {
            var plan = VectorIndexPlanner.Plan(options);
            var alias = plan.Index.Alias;
            var indices = new IndicesApi(_transport);
            var existing = await indices.GetAliasAsync(alias, ct).ConfigureAwait(false);
            if (existing.Count > 0)
                throw new VectorMigrationException(MigrationErrorCodes.AliasExists, MigrationErrorKind.AlreadyExists,
                    $"Alias '{alias}' already exists (on {string.Join(", ", existing.Keys)}). To change its index, migrate it: New-ShadowIndex -Alias {alias}.", alias);
            if (await indices.ExistsAsync(alias, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.IndexExists, MigrationErrorKind.AlreadyExists,
                    $"'{alias}' is already the name of an index, so it cannot become an alias. Pick another alias name.", alias);
            if (await indices.ExistsAsync(plan.Index.Index, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.IndexExists, MigrationErrorKind.AlreadyExists,
                    $"Index {plan.Index.Index} already exists without alias '{alias}'. Point the alias at it (POST /_aliases) or pick another alias name.", plan.Index.Index);
            return plan;
        }

        /// <summary>Creates the index with its alias in one request.</summary>
        public async Task<VectorIndex> CreateAsync(VectorIndexPlan plan, CancellationToken ct)
        {
            try
            {
                await new IndicesApi(_transport).CreateAsync(plan.Index.Index, plan.Body, ct).ConfigureAwait(false);
            }
            catch (ElasticsearchException ex) when (ex.ErrorType == "resource_already_exists_exception" || ex.ErrorType == "invalid_alias_name_exception")
            {
                throw new VectorMigrationException(MigrationErrorCodes.IndexExists, MigrationErrorKind.AlreadyExists,
                    $"Index {plan.Index.Index} or alias '{plan.Index.Alias}' was created by someone else just now ({ex.Reason}). Check GET /_alias/{plan.Index.Alias} before retrying.", plan.Index.Index);
            }
            _logger.LogInformation("Created index {Index} behind alias {Alias} ({Field}: {Dimensions} dimensions, {Similarity}; model {Model}).",
                plan.Index.Index, plan.Index.Alias, plan.Index.VectorField, plan.Index.Dimensions, plan.Index.Similarity, plan.Index.Embedder.Description);
            return plan.Index;
        }
    }
}
