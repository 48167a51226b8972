using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>Creates and removes shadow indexes (New-ShadowIndex, Remove-ShadowIndex).</summary>
    public sealed class ShadowIndexService
    {
        private readonly ElasticsearchCluster _transport;
        private readonly ILogger _logger;

        public ShadowIndexService(ElasticsearchCluster transport, ILogger logger)
        {
            _transport = transport;
            _logger = logger;
        }

        /// <summary>Reads the alias's write index and plans the shadow index. Changes nothing.</summary>
        public async Task<ShadowIndexPlan> PlanAsync(ShadowIndexOptions options, CancellationToken ct)
        {
            var source = await AliasResolver.ResolveWriteIndexAsync(_transport, options.Alias, ct).ConfigureAwait(false);
            var indices = new IndicesApi(_transport);
            var definition = await indices.GetIndexAsync(source, ct).ConfigureAwait(false)
                ?? throw new VectorMigrationException(MigrationErrorCodes.SourceIndexNotFound, MigrationErrorKind.NotFound, $"Index {source} disappeared while it was being read. Retry.", source);
            var plan = ShadowIndexPlanner.Plan(options.Alias, definition.Name, definition.Definition, options);
            if (await indices.ExistsAsync(plan.Migration.Target, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.TargetIndexExists, MigrationErrorKind.AlreadyExists,
                    $"Index {plan.Migration.Target} already exists. If it is an earlier attempt, resume it (Get-VectorMigration -Alias {options.Alias}) or remove it (Remove-ShadowIndex -Index {plan.Migration.Target}); otherwise pick another -Name.",
                    plan.Migration.Target);
            _logger.LogInformation("Planned shadow index {Target} for alias {Alias} (source {Source}, vector field {Field}).",
                plan.Migration.Target, options.Alias, source, plan.Migration.VectorField);
            return plan;
        }

        /// <summary>Creates the planned index; the migration is recorded in the same request (mapping _meta).</summary>
        public async Task<VectorMigration> CreateAsync(ShadowIndexPlan plan, CancellationToken ct)
        {
            try
            {
                await new IndicesApi(_transport).CreateAsync(plan.Migration.Target, plan.Body, ct).ConfigureAwait(false);
            }
            catch (ElasticsearchException ex) when (ex.ErrorType == "resource_already_exists_exception")
            {
                throw new VectorMigrationException(MigrationErrorCodes.TargetIndexExists, MigrationErrorKind.AlreadyExists,
                    $"Index {plan.Migration.Target} was created by someone else just now. Check Get-VectorMigration before retrying.", plan.Migration.Target);
            }
            _logger.LogInformation("Created shadow index {Target} (refresh_interval -1, 0 replicas until cutover).", plan.Migration.Target);
            return plan.Migration;
        }

        /// <summary>Checks an index may be deleted: a single concrete name that no alias points to.</summary>
        public async Task EnsureRemovableAsync(string index, CancellationToken ct)
        {
            if (IndexNaming.IsPattern(index))
                throw new VectorMigrationException(MigrationErrorCodes.IndexPatternRefused, MigrationErrorKind.InvalidArgument,
                    $"'{index}' is a pattern. Remove-ShadowIndex deletes exactly one index by its full name; wildcards, lists and _all are refused.", index);
            var indices = new IndicesApi(_transport);
            if (!await indices.ExistsAsync(index, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.IndexNotFound, MigrationErrorKind.NotFound, $"Index {index} does not exist.", index);
            var aliases = await indices.GetIndexAliasesAsync(index, ct).ConfigureAwait(false);
            foreach (var entry in aliases.Values)
                if (entry.Aliases.Count > 0)
                    throw new VectorMigrationException(MigrationErrorCodes.IndexInUse, MigrationErrorKind.InvalidState,
                        $"Index {index} is in use: alias {string.Join(", ", entry.Aliases.Keys)} points to it. Switch the alias away first (Switch-IndexAlias), then remove it.", index);
        }

        public async Task RemoveAsync(string index, CancellationToken ct)
        {
            await EnsureRemovableAsync(index, ct).ConfigureAwait(false);
            await new IndicesApi(_transport).DeleteAsync(index, ct).ConfigureAwait(false);
            _logger.LogInformation("Deleted index {Index}.", index);
        }
    }
}
