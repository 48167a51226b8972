using System.Text.Json.Nodes;

namespace VectorReindex.Tests.Shared;

/// <summary>Compares a target with its source document by document: ids, versions, fields and vectors.</summary>
public static class IndexComparison
{
    /// <param name="routing">Each document's custom routing (null for none): a routed document is only found with it.</param>
    public static Task<List<string>> DifferencesAsync(ClusterSeeder http, string source, string target, int documents, Func<string, float[]>? reembed,
        Func<int, string?>? routing = null) =>
        DifferencesAsync(http, source, http, target, documents, reembed, routing);

    /// <summary>The same comparison when source and target live on different clusters.</summary>
    public static async Task<List<string>> DifferencesAsync(ClusterSeeder sourceHttp, string source, ClusterSeeder targetHttp, string target, int documents, Func<string, float[]>? reembed,
        Func<int, string?>? routing = null)
    {
        var problems = new List<string>();
        await sourceHttp.SendAsync(HttpMethod.Post, $"/{source}/_refresh");
        await targetHttp.SendAsync(HttpMethod.Post, $"/{target}/_refresh");
        for (var start = 0; start < documents; start += 1000)
        {
            var docs = new JsonArray(Enumerable.Range(start, Math.Min(1000, documents - start)).Select(n => (JsonNode?)Key(n, routing)).ToArray());
            var body = new JsonObject { ["docs"] = docs }.ToJsonString();
            var s = (await sourceHttp.SendAsync(HttpMethod.Post, await sourceHttp.WithVectorsAsync($"/{source}/_mget"), body))!["docs"]!.AsArray();
            var t = (await targetHttp.SendAsync(HttpMethod.Post, await targetHttp.WithVectorsAsync($"/{target}/_mget"), body))!["docs"]!.AsArray();
            for (var i = 0; i < s.Count; i++)
            {
                var id = s[i]!["_id"]!.ToString();
                var sf = s[i]!["found"]!.GetValue<bool>();
                var tf = t[i]!["found"]!.GetValue<bool>();
                if (sf != tf) { problems.Add($"{id}: {(sf ? "missing from" : "resurrected in")} target"); continue; }
                if (!sf) continue;
                if (s[i]!["_routing"]?.ToString() != t[i]!["_routing"]?.ToString())
                    problems.Add($"{id}: routing {t[i]!["_routing"]} in target, {s[i]!["_routing"]} in source");
                if (s[i]!["_version"]!.GetValue<long>() != t[i]!["_version"]!.GetValue<long>())
                    problems.Add($"{id}: version {t[i]!["_version"]} in target, {s[i]!["_version"]} in source");
                var ss = s[i]!["_source"]!.AsObject();
                var ts = t[i]!["_source"]!.AsObject();
                foreach (var field in new[] { "title", "tags", "price" })
                    if (ss[field]?.ToJsonString() != ts[field]?.ToJsonString()) problems.Add($"{id}: {field} {ts[field]?.ToJsonString()} in target, {ss[field]?.ToJsonString()} in source");
                var want = reembed == null ? ss["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray() : reembed(ss["title"]!.ToString());
                var actual = ts["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
                if (!actual.SequenceEqual(want)) problems.Add($"{id}: vector differs");
            }
        }
        return problems;
    }

    private static JsonObject Key(int n, Func<int, string?>? routing)
    {
        var key = new JsonObject { ["_id"] = "doc-" + n };
        if (routing?.Invoke(n) is string r) key["routing"] = r;
        return key;
    }
}
