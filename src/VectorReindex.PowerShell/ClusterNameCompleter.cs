using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Engine;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Tab completion of names the cluster knows, from the -Cluster argument already typed or the
    /// session default. Bounded to two seconds; completes nothing rather than fail.
    /// </summary>
    public abstract class ClusterNameCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        protected abstract Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, CancellationToken ct);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var cluster = fakeBoundParameters?["Cluster"] is PSObject p ? p.BaseObject as ClusterConnection : fakeBoundParameters?["Cluster"] as ClusterConnection;
            cluster ??= SessionDefaults.Current;
            if (cluster == null) return Array.Empty<CompletionResult>();
            IReadOnlyList<string> names;
            try
            {
                using var cts = new CancellationTokenSource(Budget);
                names = ListAsync(new MigrationEngine(cluster), cts.Token).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is ElasticsearchException || ex is OperationCanceledException || ex is System.Text.Json.JsonException)
            {
                return Array.Empty<CompletionResult>();
            }
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return names.Where(pattern.IsMatch).Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n)).ToList();
        }
    }

    /// <summary>Completes alias names.</summary>
    public sealed class AliasNameCompleter : ClusterNameCompleter
    {
        protected override Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, CancellationToken ct) => engine.AliasNamesAsync(ct);
    }

    /// <summary>Completes index names.</summary>
    public sealed class IndexNameCompleter : ClusterNameCompleter
    {
        protected override Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, CancellationToken ct) => engine.IndexNamesAsync(ct);
    }
}
