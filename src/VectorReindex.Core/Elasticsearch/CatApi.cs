using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>Name listings from the _cat APIs (tab completion, discovery).</summary>
    public sealed class CatApi
    {
        private readonly ElasticsearchCluster _transport;

        public CatApi(ElasticsearchCluster transport) => _transport = transport;

        public Task<IReadOnlyList<string>> AliasNamesAsync(CancellationToken ct) => ColumnAsync("/_cat/aliases", "alias", ct);

        public Task<IReadOnlyList<string>> IndexNamesAsync(CancellationToken ct) => ColumnAsync("/_cat/indices", "index", ct);

        private async Task<IReadOnlyList<string>> ColumnAsync(string path, string column, CancellationToken ct)
        {
            var request = new ElasticsearchRequest(HttpMethod.Get, path).WithQuery("format", "json").WithQuery("h", column);
            request.MaxRetries = 0;
            var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
            return JsonBody.Parse(response).AsArray()
                .Select(row => row?[column]?.ToString())
                .Where(name => !string.IsNullOrEmpty(name) && !name!.StartsWith(".", System.StringComparison.Ordinal))
                .Select(name => name!)
                .Distinct()
                .OrderBy(name => name, System.StringComparer.Ordinal)
                .ToList();
        }
    }
}
