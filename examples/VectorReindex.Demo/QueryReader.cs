using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using VectorReindex.Core.DualWrite;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;

namespace VectorReindex.Demo;

/// <summary>
/// A reader as README recommends for model changes: resolve the alias to its concrete index,
/// embed the query with that index's model (from its _meta), and search that index. A reader
/// that resolved just before the cutover still succeeds, because the old index is kept. It asks
/// the cluster its <see cref="ServingEndpoint"/> names at each query, so it follows a move to
/// another cluster (the old one stays current until the move is completed).
/// </summary>
public sealed class QueryReader
{
    private readonly ServingEndpoint _endpoint;
    private readonly ConcurrentDictionary<(string Cluster, string Index), IEmbeddingGenerator<string, Embedding<float>>> _models = new();

    public QueryReader(ServingEndpoint endpoint) => _endpoint = endpoint;

    /// <summary>Sends <paramref name="perSecond"/> queries a second, the first at <paramref name="offset"/> from now.</summary>
    public async Task RunAsync(double perSecond, TimeSpan offset, int seed, Stopwatch clock, TrafficLog log, CancellationToken ct)
    {
        var random = new Random(seed);
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var next = clock.Elapsed + offset - interval;
        while (!ct.IsCancellationRequested)
        {
            next += interval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, ct); } catch (OperationCanceledException) { return; }
            }
            var started = clock.Elapsed;
            var endpoint = _endpoint.Current;
            try
            {
                // A query once started runs to its end: stopping the traffic must not turn it into a
                // failure (a local model run cut short says so as an ONNX error, not a cancellation).
                await QueryAsync(endpoint, Corpus.Query(random), CancellationToken.None);
                log.Queries.Enqueue(new Sample(started.TotalSeconds, (clock.Elapsed - started).TotalMilliseconds, true, null, endpoint.ClusterName));
            }
            catch (Exception ex)
            {
                log.Queries.Enqueue(new Sample(started.TotalSeconds, (clock.Elapsed - started).TotalMilliseconds, false, ex.Message, endpoint.ClusterName));
            }
        }
    }

    private async Task QueryAsync(ReadEndpoint endpoint, string text, CancellationToken ct)
    {
        var aliases = await new IndicesApi(endpoint.Cluster).GetAliasAsync(endpoint.Alias, ct);
        var index = aliases.Count == 1 ? aliases.Keys.First() : aliases.First(a => a.Value.Aliases[endpoint.Alias].IsWriteIndex == true).Key;
        var model = await ModelAsync(endpoint, index, ct);
        var vector = (await model.GenerateAsync(new[] { text }, null, ct))[0].Vector.ToArray();
        var body = new JsonObject
        {
            ["size"] = 10,
            ["_source"] = new JsonArray("text"),
            ["knn"] = new JsonObject
            {
                ["field"] = "embedding",
                ["query_vector"] = new JsonArray(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["k"] = 10,
                ["num_candidates"] = 100,
            },
        };
        using var response = (await new SearchApi(endpoint.Cluster).SearchAsync(index, body, ct)).ParseDocument();
        if (response.RootElement.GetProperty("hits").GetProperty("hits").GetArrayLength() == 0)
            throw new InvalidOperationException($"no hits from {index} on {endpoint.ClusterName}");
    }

    private async Task<IEmbeddingGenerator<string, Embedding<float>>> ModelAsync(ReadEndpoint endpoint, string index, CancellationToken ct)
    {
        if (_models.TryGetValue((endpoint.ClusterName, index), out var cached)) return cached;
        var descriptor = await IndexModel.ReadAsync(endpoint.Cluster, index, ct)
            ?? throw new InvalidOperationException($"{index} on {endpoint.ClusterName} records no model in _meta");
        if (!EmbedderFactory.TryCreate(descriptor, out var generator)) throw new InvalidOperationException($"cannot rebuild {descriptor}");
        return _models[(endpoint.ClusterName, index)] = generator!;
    }
}
