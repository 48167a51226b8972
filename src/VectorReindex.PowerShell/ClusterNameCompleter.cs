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
    /// Tab completion of names the cluster knows, from the cluster argument already typed (-SourceCluster
    /// where the cmdlet reads a source on another cluster, else -Cluster) or the session default.
    /// Bounded to two seconds; completes nothing rather than fail.
    /// </summary>
    public abstract class ClusterNameCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
        private static readonly string[] SourceFirst = { "SourceCluster", "Cluster" };

        /// <summary>The parameters that may name the cluster to complete from, the first one typed wins.</summary>
        protected virtual IReadOnlyList<string> ClusterParameters => SourceFirst;

        /// <summary>The names to offer; <paramref name="fakeBoundParameters"/> holds what is typed on the command line so far.</summary>
        protected abstract Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, IDictionary fakeBoundParameters, CancellationToken ct);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var cluster = ClusterParameters.Select(name => Connection(fakeBoundParameters?[name])).FirstOrDefault(c => c != null) ?? SessionDefaults.Current;
            if (cluster == null) return Array.Empty<CompletionResult>();
            IReadOnlyList<string> names;
            try
            {
                using var cts = new CancellationTokenSource(Budget);
                names = ListAsync(new MigrationEngine(cluster), fakeBoundParameters ?? new Hashtable(), cts.Token).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is ElasticsearchException || ex is OperationCanceledException || ex is System.Text.Json.JsonException)
            {
                return Array.Empty<CompletionResult>();
            }
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return names.Where(pattern.IsMatch).Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n)).ToList();
        }

        /// <summary>The connection a typed cluster argument means: a connection object, or a connected cluster's name or uuid.</summary>
        private static ClusterConnection? Connection(object? argument)
        {
            var value = argument is PSObject p ? p.BaseObject : argument;
            if (value is ClusterConnection connection) return connection;
            return value is string name ? SessionDefaults.ConnectionNamed(name, out _) : null;
        }
    }

    /// <summary>Completes alias names.</summary>
    public sealed class AliasNameCompleter : ClusterNameCompleter
    {
        protected override Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, IDictionary fakeBoundParameters, CancellationToken ct) => engine.AliasNamesAsync(ct);
    }

    /// <summary>Completes alias names on the target cluster (-TargetCluster, else -Cluster or the session default).</summary>
    public sealed class TargetAliasNameCompleter : ClusterNameCompleter
    {
        private static readonly string[] TargetFirst = { "TargetCluster", "Cluster" };

        protected override IReadOnlyList<string> ClusterParameters => TargetFirst;

        protected override Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, IDictionary fakeBoundParameters, CancellationToken ct) => engine.AliasNamesAsync(ct);
    }

    /// <summary>Completes index names.</summary>
    public sealed class IndexNameCompleter : ClusterNameCompleter
    {
        protected override Task<IReadOnlyList<string>> ListAsync(MigrationEngine engine, IDictionary fakeBoundParameters, CancellationToken ct) => engine.IndexNamesAsync(ct);
    }
}
