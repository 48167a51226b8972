using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

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
            var response = await _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Post, "/" + ElasticsearchRequest.Segment(index) + "/_pit")
                .WithQuery("keep_alive", keepAlive), ct).ConfigureAwait(false);
            return JsonBody.Parse(response)["id"]?.ToString() ?? throw new InvalidOperationException("The _pit response has no id.");
        }

        /// <summary>DELETE /_pit; a PIT that already expired is not an error.</summary>
        public Task ClosePointInTimeAsync(string pitId, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Delete, "/_pit")
                .WithJsonBody(JsonBody.From(new JsonObject { ["id"] = pitId })).Accept(404), ct);

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
