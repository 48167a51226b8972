using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// Creates and removes shadow indexes (New-ShadowIndex, Remove-ShadowIndex): the alias and the
    /// live index are read on the source cluster, the shadow index is created on the target.
    /// </summary>
    public sealed class ShadowIndexService
    {
        private readonly ElasticsearchCluster _source;
        private readonly ElasticsearchCluster _transport;
        private readonly ILogger _logger;

        public ShadowIndexService(ElasticsearchCluster transport, ILogger logger)
            : this(transport, transport, logger)
        {
        }

        public ShadowIndexService(ElasticsearchCluster source, ElasticsearchCluster target, ILogger logger)
        {
            _source = source;
            _transport = target;
            _logger = logger;
        }

        /// <summary>Reads the alias's write index and plans the shadow index. Changes nothing.</summary>
        public async Task<ShadowIndexPlan> PlanAsync(ShadowIndexOptions options, CancellationToken ct)
        {
            var source = await AliasResolver.ResolveWriteIndexAsync(_source, options.Alias, ct).ConfigureAwait(false);
            var definition = await new IndicesApi(_source).GetIndexAsync(source, ct).ConfigureAwait(false)
                ?? throw new VectorMigrationException(MigrationErrorCodes.SourceIndexNotFound, MigrationErrorKind.NotFound, $"Index {source} disappeared while it was being read. Retry.", source);
            var plan = ShadowIndexPlanner.Plan(options.Alias, definition.Name, definition.Definition, options,
                _source.Capabilities, _transport.Capabilities);
            if (options.Name == null)
            {
                // The default name skips every generation that exists or that the alias ever served.
                var taken = (await new CatApi(_transport).IndexNamesAsync(ct).ConfigureAwait(false)).ToList();
                taken.AddRange((await LineageStore.ReadAsync(_source, options.Alias, source, ct).ConfigureAwait(false)).Generations.Select(g => g.Index));
                plan.Migration.Target = IndexNaming.NextFreeVersion(source, taken);
            }
            if (await new IndicesApi(_transport).ExistsAsync(plan.Migration.Target, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.TargetIndexExists, MigrationErrorKind.AlreadyExists,
                    $"Index {plan.Migration.Target} already exists, so the shadow index of alias {options.Alias} cannot be created under that name.",
                    plan.Migration.Target);
            _logger.LogInformation("Planned shadow index {Target} for alias {Alias} (source {Source}, vector field {Field}). {Drift}",
                plan.Migration.Target, options.Alias, source, plan.Migration.VectorField, plan.Drift.ToString());
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
                    $"Index {plan.Migration.Target} was created by someone else just now.", plan.Migration.Target);
            }
            _logger.LogInformation("Created shadow index {Target} (refresh_interval -1, 0 replicas until cutover).", plan.Migration.Target);
            return plan.Migration;
        }

        /// <summary>Checks an index may be deleted: a single concrete name that no alias points to.</summary>
        public async Task EnsureRemovableAsync(string index, CancellationToken ct)
        {
            if (IndexNaming.IsPattern(index))
                throw new VectorMigrationException(MigrationErrorCodes.IndexPatternRefused, MigrationErrorKind.InvalidArgument,
                    $"'{index}' is a pattern; only one index named in full is ever deleted, never wildcards, lists or _all.", index);
            var indices = new IndicesApi(_transport);
            if (!await indices.ExistsAsync(index, ct).ConfigureAwait(false))
                throw new VectorMigrationException(MigrationErrorCodes.IndexNotFound, MigrationErrorKind.NotFound, $"Index {index} does not exist.", index);
            var aliases = await indices.GetIndexAliasesAsync(index, ct).ConfigureAwait(false);
            foreach (var entry in aliases.Values)
                if (entry.Aliases.Count > 0)
                    throw new VectorMigrationException(MigrationErrorCodes.IndexInUse, MigrationErrorKind.InvalidState,
                        $"Index {index} is in use: alias {string.Join(", ", entry.Aliases.Keys)} points to it, and an index in use is never deleted.", index);
        }

        public async Task RemoveAsync(string index, CancellationToken ct)
        {
            await EnsureRemovableAsync(index, ct).ConfigureAwait(false);
            await new IndicesApi(_transport).DeleteAsync(index, ct).ConfigureAwait(false);
            _logger.LogInformation("Deleted index {Index}.", index);
        }
    }
}
