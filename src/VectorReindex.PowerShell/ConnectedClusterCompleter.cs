using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Completes a cluster parameter with the clusters this session is connected to: each by its
    /// name, or by its uuid where two connected clusters share a name (what
    /// <see cref="ClusterConnectionTransformationAttribute"/> turns back into the connection).
    /// </summary>
    public sealed class ConnectedClusterCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var clusters = SessionDefaults.OpenConnections().GroupBy(c => c.ClusterUuid).Select(g => g.Last()).ToList();
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return clusters
                .Select(c => (Text: clusters.Count(o => o.ClusterName == c.ClusterName) > 1 ? c.ClusterUuid : c.ClusterName, Connection: c))
                .Where(x => pattern.IsMatch(x.Text))
                .Select(x => new CompletionResult(x.Text, x.Text, CompletionResultType.ParameterValue,
                    $"{x.Connection.ClusterName} ({x.Connection.ClusterUuid}) at {string.Join(", ", x.Connection.Uris)}, Elasticsearch {x.Connection.Version}"))
                .ToList();
        }
    }
}
