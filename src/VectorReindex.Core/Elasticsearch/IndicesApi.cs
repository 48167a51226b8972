using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Clients.Elasticsearch.IndexManagement;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>Typed calls for indices, mappings, settings and aliases.</summary>
    public sealed class IndicesApi
    {
        private readonly ElasticsearchCluster _transport;

        public IndicesApi(ElasticsearchCluster transport) => _transport = transport;

        private static string Seg(string value) => ElasticsearchRequest.Segment(value);

        /// <summary>GET /{index}: the concrete index name and its aliases, mappings and settings; null when missing.</summary>
        public async Task<(string Name, JsonObject Definition)?> GetIndexAsync(string index, CancellationToken ct)
        {
            var response = await _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Get, "/" + Seg(index)).Accept(404), ct).ConfigureAwait(false);
            if (response.StatusCode == 404) return null;
            foreach (var entry in JsonBody.Parse(response).AsObject())
                return (entry.Key, entry.Value!.AsObject());
            return null;
        }

        public async Task<bool> ExistsAsync(string index, CancellationToken ct)
        {
            var response = await _transport.CallAsync("HEAD /" + index,
                (configuration, token) => _transport.Client.Indices.ExistsAsync(new Elastic.Clients.Elasticsearch.IndexManagement.ExistsRequest(index) { RequestConfiguration = configuration }, token), ct, 404).ConfigureAwait(false);
            return response.ApiCallDetails.HttpStatusCode == 200;
        }

        public Task CreateAsync(string index, JsonObject body, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Put, "/" + Seg(index)).WithJsonBody(JsonBody.From(body)), ct);

        public Task DeleteAsync(string index, CancellationToken ct) =>
            _transport.CallAsync("DELETE /" + index,
                (configuration, token) => _transport.Client.Indices.DeleteAsync(new DeleteIndexRequest(index) { RequestConfiguration = configuration }, token), ct);

        /// <summary>GET /_alias/{alias}: each index the alias points to, with the alias properties; empty when the alias is missing.</summary>
        public Task<Dictionary<string, IndexAliasesEntry>> GetAliasAsync(string alias, CancellationToken ct) =>
            GetAliasesAsync("/_alias/" + Seg(alias), ct);

        /// <summary>GET /{index}/_alias: the aliases that point to an index.</summary>
        public Task<Dictionary<string, IndexAliasesEntry>> GetIndexAliasesAsync(string index, CancellationToken ct) =>
            GetAliasesAsync("/" + Seg(index) + "/_alias", ct);

        private async Task<Dictionary<string, IndexAliasesEntry>> GetAliasesAsync(string path, CancellationToken ct)
        {
            var response = await _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Get, path).Accept(404), ct).ConfigureAwait(false);
            if (response.StatusCode == 404) return new Dictionary<string, IndexAliasesEntry>();
            return response.Deserialize(CoreJsonContext.Default.DictionaryStringIndexAliasesEntry);
        }

        /// <summary>POST /_aliases: all actions applied atomically, or none.</summary>
        public Task UpdateAliasesAsync(JsonArray actions, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Post, "/_aliases")
                .WithJsonBody(JsonBody.From(new JsonObject { ["actions"] = actions })), ct);

        /// <summary>GET /{index}/_mapping for one concrete index: its "mappings" object.</summary>
        public async Task<JsonObject> GetMappingAsync(string index, CancellationToken ct)
        {
            var response = await _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Get, "/" + Seg(index) + "/_mapping"), ct).ConfigureAwait(false);
            foreach (var entry in JsonBody.Parse(response).AsObject())
                return entry.Value?["mappings"]?.AsObject() ?? new JsonObject();
            return new JsonObject();
        }

        /// <summary>GET /{index}/_mapping for an index, alias or pattern: each index's mappings; empty when nothing matches.</summary>
        public async Task<Dictionary<string, JsonObject>> GetMappingsAsync(string indexOrAlias, CancellationToken ct)
        {
            var response = await _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Get, "/" + Seg(indexOrAlias) + "/_mapping").Accept(404), ct).ConfigureAwait(false);
            var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            if (response.StatusCode == 404) return result;
            foreach (var entry in JsonBody.Parse(response).AsObject())
                if (entry.Value?["mappings"] is JsonObject m) result[entry.Key] = m;
            return result;
        }

        /// <summary>GET /_mapping: every index's mappings (index name to mappings object).</summary>
        public async Task<Dictionary<string, JsonObject>> GetAllMappingsAsync(CancellationToken ct)
        {
            var response = await _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Get, "/_mapping"), ct).ConfigureAwait(false);
            var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var entry in JsonBody.Parse(response).AsObject())
                if (entry.Value?["mappings"] is JsonObject m) result[entry.Key] = m;
            return result;
        }

        public Task PutMappingAsync(string index, JsonObject mapping, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Put, "/" + Seg(index) + "/_mapping").WithJsonBody(JsonBody.From(mapping)), ct);

        public Task PutSettingsAsync(string index, JsonObject settings, CancellationToken ct) =>
            _transport.SendAsync(new ElasticsearchRequest(HttpMethod.Put, "/" + Seg(index) + "/_settings").WithJsonBody(JsonBody.From(settings)), ct);

        public Task RefreshAsync(string index, CancellationToken ct) =>
            _transport.CallAsync("POST /" + index + "/_refresh",
                (configuration, token) => _transport.Client.Indices.RefreshAsync(new RefreshRequest(index) { RequestConfiguration = configuration }, token), ct);

        public async Task<long> CountAsync(string index, CancellationToken ct)
        {
            var response = await _transport.CallAsync("POST /" + index + "/_count",
                (configuration, token) => _transport.Client.CountAsync(new CountRequest(index) { RequestConfiguration = configuration }, token), ct).ConfigureAwait(false);
            return response.Count;
        }

        /// <summary>Waits for the index's health to reach <paramref name="status"/>; false on timeout.</summary>
        public async Task<bool> WaitForHealthAsync(string index, string status, TimeSpan timeout, CancellationToken ct)
        {
            var wanted = status switch
            {
                "green" => HealthStatus.Green,
                "yellow" => HealthStatus.Yellow,
                "red" => HealthStatus.Red,
                _ => throw new ArgumentException($"'{status}' is not a cluster health status; use green, yellow or red.", nameof(status)),
            };
            var response = await _transport.CallAsync("GET /_cluster/health/" + index,
                (configuration, token) => _transport.Client.Cluster.HealthAsync(new HealthRequest(index)
                {
                    WaitForStatus = wanted,
                    Timeout = new Duration(TimeSpan.FromSeconds((int)timeout.TotalSeconds)),
                    RequestConfiguration = _transport.Configure(configuration, timeout + TimeSpan.FromSeconds(30)),
                }, token), ct, 408).ConfigureAwait(false);
            return response.ApiCallDetails.HttpStatusCode == 200 && !response.TimedOut;
        }
    }
}
