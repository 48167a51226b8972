using System.Text.Json.Nodes;

namespace VectorReindex.Tests.Shared;

/// <summary>
/// An application writer that follows DESIGN.md's dual-write protocol by hand (raw REST, not the
/// module): write through the alias, then, once the migration target exists, write the target with
/// version_type=external_gte and the _version the alias write returned. It owns the document
/// numbers n with n % writers == slot and records what each must end as. Documents carry the custom
/// routing the test gives them. A request the node could not answer (it was restarting) is sent
/// again, as an application would; only answered writes count as acknowledged.
/// </summary>
public sealed class ProtocolWriter
{
    private readonly ClusterSeeder _http;
    private readonly string _alias;
    private readonly string _target;
    private readonly Func<string, JsonArray> _targetVector;
    private readonly int _slot;
    private readonly int _writers;
    private readonly int _documents;
    private readonly Random _random;
    private readonly Func<int, string?> _routing;
    private readonly Dictionary<int, (long Version, bool Deleted)> _acknowledged = new();

    /// <param name="targetVector">The target's vector for a text (the source vector itself for copy migrations: pass null).</param>
    /// <param name="routing">Each document's custom routing (null: none), as the seeded documents have it.</param>
    public ProtocolWriter(ClusterSeeder http, string alias, string target, Func<string, JsonArray>? targetVector, int slot, int writers, int documents, int seed,
        Func<int, string?>? routing = null)
    {
        _routing = routing ?? (_ => null);
        _http = http;
        _alias = alias;
        _target = target;
        _targetVector = targetVector ?? (_ => null!);
        CopiesVector = targetVector == null;
        _slot = slot;
        _writers = writers;
        _documents = documents;
        _random = new Random(seed * 101 + slot);
    }

    public bool CopiesVector { get; }

    public int Operations { get; private set; }

    public int DualWrites { get; private set; }

    /// <summary>Writes to the alias the node answered with success (upserts, updates and deletes).</summary>
    public int Acknowledged { get; private set; }

    /// <summary>Requests sent again because the node did not answer (connection refused or reset).</summary>
    public int Resent { get; private set; }

    /// <summary>
    /// The writer's documents whose state in <paramref name="index"/> is not the last one the node
    /// acknowledged (its version, or absence after a delete): a lost acknowledged write.
    /// </summary>
    public async Task<List<string>> LostAcknowledgedWritesAsync(string index)
    {
        var lost = new List<string>();
        foreach (var batch in _acknowledged.Chunk(1000))
        {
            var docs = new JsonArray(batch.Select(a => (JsonNode?)Key(a.Key)).ToArray());
            var found = (await _http.SendAsync(HttpMethod.Post, $"/{index}/_mget", new JsonObject { ["docs"] = docs }.ToJsonString()))!["docs"]!.AsArray();
            for (var i = 0; i < batch.Length; i++)
            {
                var (n, (version, deleted)) = (batch[i].Key, batch[i].Value);
                var hit = found[i]!;
                var present = hit["found"]?.GetValue<bool>() == true;
                if (deleted && present) lost.Add($"doc-{n}: deleted (acknowledged) but present at version {hit["_version"]}");
                else if (!deleted && !present) lost.Add($"doc-{n}: version {version} acknowledged but absent");
                else if (!deleted && hit["_version"]!.GetValue<long>() != version) lost.Add($"doc-{n}: version {version} acknowledged, {hit["_version"]} found");
            }
        }
        return lost;
    }

    private JsonObject Key(int n)
    {
        var key = new JsonObject { ["_id"] = "doc-" + n };
        if (_routing(n) is string r) key["routing"] = r;
        return key;
    }

    private string Routed(int n, string path) => _routing(n) is string r ? path + (path.Contains('?') ? "&" : "?") + "routing=" + Uri.EscapeDataString(r) : path;

    /// <summary>Sends until the node answers (a restart refuses or resets connections for a moment), for up to a minute.</summary>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? body = null, bool allowError = false)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return await _http.SendAsync(method, path, body, allowError: allowError);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                Resent++;
                await Task.Delay(100);
            }
        }
    }

    public async Task RunAsync(int dims, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var n = _random.Next(_documents / _writers) * _writers + _slot;
            var roll = _random.Next(100);
            var targetExists = (await SendAsync(HttpMethod.Get, "/" + _target, allowError: true)) is JsonObject o && !o.ContainsKey("error");
            if (roll < 40) await UpsertAsync(n, dims, targetExists);
            else if (roll < 80) await UpdateMetadataAsync(n, targetExists);
            else await DeleteAsync(n, targetExists);
            Operations++;
        }
    }

    private async Task UpsertAsync(int n, int dims, bool dual)
    {
        var text = "product number " + n + " revised " + _random.Next(1000) + " " + ClusterSeeder.Words(n + _random.Next(50));
        var vector = ClusterSeeder.Json(ClusterSeeder.Vector(n + _random.Next(1000) * 100_000, dims));
        var source = JsonNode.Parse($$"""{"title":"{{text}}","tags":["w{{_slot}}"],"price":{{_random.Next(100)}},"embedding":{{vector}}}""")!.AsObject();
        var result = await SendAsync(HttpMethod.Put, Routed(n, $"/{_alias}/_doc/doc-{n}"), source.ToJsonString());
        var version = result!["_version"]!.GetValue<long>();
        Acknowledge(n, version, deleted: false);
        if (dual) await SecondAsync(n, version, source);
    }

    private async Task UpdateMetadataAsync(int n, bool dual)
    {
        var result = await SendAsync(HttpMethod.Post, Routed(n, $"/{_alias}/_update/doc-{n}"), $$"""{"doc":{"price":{{_random.Next(1000)}},"tags":["meta{{_slot}}"]},"_source":true}""", allowError: true);
        if (result?["status"]?.GetValue<int>() == 404 || result?["get"]?["_source"] is not JsonObject updated) return;
        var version = result["_version"]!.GetValue<long>();
        Acknowledge(n, version, deleted: false);
        if (dual) await SecondAsync(n, version, updated);
    }

    private async Task DeleteAsync(int n, bool dual)
    {
        var result = await SendAsync(HttpMethod.Delete, Routed(n, $"/{_alias}/_doc/doc-{n}"), allowError: true);
        var outcome = result?["result"]?.ToString();
        // "not_found" after a resend can be the first attempt's delete, answered too late to be seen: absent either way.
        if (outcome == "deleted" || outcome == "not_found") Acknowledge(n, 0, deleted: true);
        if (dual && outcome == "deleted")
        {
            await SendAsync(HttpMethod.Delete, Routed(n, $"/{_target}/_doc/doc-{n}?version={result!["_version"]}&version_type=external_gte"), allowError: true);
            DualWrites++;
        }
    }

    private void Acknowledge(int n, long version, bool deleted)
    {
        _acknowledged[n] = (version, deleted);
        Acknowledged++;
    }

    private async Task SecondAsync(int n, long version, JsonObject source)
    {
        var copy = (JsonObject)source.DeepClone();
        if (!CopiesVector) copy["embedding"] = _targetVector(copy["title"]!.ToString());
        // A 409 here means a newer version is already in the target: the protocol working.
        await SendAsync(HttpMethod.Put, Routed(n, $"/{_target}/_doc/doc-{n}?version={version}&version_type=external_gte"), copy.ToJsonString(), allowError: true);
        DualWrites++;
    }
}
