using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Elastic.Clients.Elasticsearch;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>Point in time and search: the consistent-read primitives of the migration.</summary>
    public sealed class SearchApi
    {
        private readonly ElasticsearchCluster _transport;

        public SearchApi(ElasticsearchCluster transport) => _transport = transport;

        /// <summary>POST /{index}/_pit: a view of the index as it is now, kept for <paramref name="keepAlive"/> (for example "5m").</summary>
        public async Task<string> OpenPointInTimeAsync(string index, string keepAlive, CancellationToken ct)
        {
            var response = await _transport.CallAsync("POST /" + index + "/_pit",
                (configuration, token) => _transport.Client.OpenPointInTimeAsync(
                    new OpenPointInTimeRequest(index) { KeepAlive = new Duration(keepAlive), RequestConfiguration = configuration }, token), ct).ConfigureAwait(false);
            return string.IsNullOrEmpty(response.Id) ? throw new InvalidOperationException("The _pit response has no id.") : response.Id;
        }

        /// <summary>DELETE /_pit; a PIT that already expired is not an error.</summary>
        public Task ClosePointInTimeAsync(string pitId, CancellationToken ct) =>
            _transport.CallAsync("DELETE /_pit",
                (configuration, token) => _transport.Client.ClosePointInTimeAsync(new ClosePointInTimeRequest { Id = pitId, RequestConfiguration = configuration }, token), ct, 404);

        /// <summary>POST /_search of a PIT page, read into a pooled buffer: the caller disposes the response.</summary>
        public Task<RawResponse> SearchPageAsync(JsonObject body, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Post, "/_search") { PooledResponse = true }.WithJsonBody(JsonBody.From(body)), ct);

        /// <summary>POST /_search with a PIT body (no index in the path), or POST /{index}/_search.</summary>
        public Task<RawResponse> SearchAsync(string? index, JsonObject body, CancellationToken ct, params (string Name, string Value)[] query)
        {
            var request = new ElasticsearchRequest(HttpMethod.Post, index == null ? "/_search" : "/" + ElasticsearchRequest.Segment(index) + "/_search")
                .WithJsonBody(JsonBody.From(body));
            foreach (var (name, value) in query) request.WithQuery(name, value);
            return _transport.SendAsync(request, ct);
        }
    }
}
