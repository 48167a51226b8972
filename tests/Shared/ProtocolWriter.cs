using System.Text.Json.Nodes;

namespace VectorReindex.Tests.Shared;

/// <summary>
/// An application writer that follows DESIGN.md's dual-write protocol by hand (raw REST, not the
/// module): write through the alias, then, once the migration target exists, write the target with
/// version_type=external_gte and the _version the alias write returned. It owns the document
/// numbers n with n % writers == slot and records what each must end as.
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

    /// <param name="targetVector">The target's vector for a text (the source vector itself for copy migrations: pass null).</param>
    public ProtocolWriter(ClusterSeeder http, string alias, string target, Func<string, JsonArray>? targetVector, int slot, int writers, int documents, int seed)
    {
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

    public async Task RunAsync(int dims, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var n = _random.Next(_documents / _writers) * _writers + _slot;
            var id = "doc-" + n;
            var roll = _random.Next(100);
            var targetExists = (await _http.SendAsync(HttpMethod.Get, "/" + _target, allowError: true)) is JsonObject o && !o.ContainsKey("error");
            if (roll < 40) await UpsertAsync(id, n, dims, targetExists);
            else if (roll < 80) await UpdateMetadataAsync(id, targetExists);
            else await DeleteAsync(id, targetExists);
            Operations++;
        }
    }

    private async Task UpsertAsync(string id, int n, int dims, bool dual)
    {
        var text = "product number " + n + " revised " + _random.Next(1000) + " " + ClusterSeeder.Words(n + _random.Next(50));
        var vector = ClusterSeeder.Json(ClusterSeeder.Vector(n + _random.Next(1000) * 100_000, dims));
        var source = JsonNode.Parse($$"""{"title":"{{text}}","tags":["w{{_slot}}"],"price":{{_random.Next(100)}},"embedding":{{vector}}}""")!.AsObject();
        var result = await _http.SendAsync(HttpMethod.Put, $"/{_alias}/_doc/{id}", source.ToJsonString());
        if (dual) await SecondAsync(id, result!["_version"]!.GetValue<long>(), source);
    }

    private async Task UpdateMetadataAsync(string id, bool dual)
    {
        var result = await _http.SendAsync(HttpMethod.Post, $"/{_alias}/_update/{id}", $$"""{"doc":{"price":{{_random.Next(1000)}},"tags":["meta{{_slot}}"]},"_source":true}""", allowError: true);
        if (result?["status"]?.GetValue<int>() == 404 || result?["get"]?["_source"] is not JsonObject updated) return;
        if (dual) await SecondAsync(id, result["_version"]!.GetValue<long>(), updated);
    }

    private async Task DeleteAsync(string id, bool dual)
    {
        var result = await _http.SendAsync(HttpMethod.Delete, $"/{_alias}/_doc/{id}", allowError: true);
        if (dual && result?["result"]?.ToString() == "deleted")
        {
            await _http.SendAsync(HttpMethod.Delete, $"/{_target}/_doc/{id}?version={result["_version"]}&version_type=external_gte", allowError: true);
            DualWrites++;
        }
    }

    private async Task SecondAsync(string id, long version, JsonObject source)
    {
        var copy = (JsonObject)source.DeepClone();
        if (!CopiesVector) copy["embedding"] = _targetVector(copy["title"]!.ToString());
        // A 409 here means a newer version is already in the target: the protocol working.
        await _http.SendAsync(HttpMethod.Put, $"/{_target}/_doc/{id}?version={version}&version_type=external_gte", copy.ToJsonString(), allowError: true);
        DualWrites++;
    }
}
