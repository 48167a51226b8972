using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace VectorReindex.Bench;

/// <summary>One document as the comparison sees it: key, version, the corpus's fields and the vector.</summary>
internal sealed record IndexRow(string Id, long Version, string? Tag, string? Title, float[]? Vector);

/// <summary>What a streaming comparison found.</summary>
internal sealed class ComparisonResult
{
    public long SourceDocuments { get; set; }
    public long TargetDocuments { get; set; }

    /// <summary>In the source, not in the target.</summary>
    public long Lost { get; set; }

    /// <summary>In both, with another version, field or vector in the target.</summary>
    public long Stale { get; set; }

    /// <summary>In the target, not in the source (a delete the target missed, or came back).</summary>
    public long Resurrected { get; set; }

    /// <summary>The first few differences, for the report.</summary>
    public List<string> Examples { get; } = new();

    public bool Identical => Lost == 0 && Stale == 0 && Resurrected == 0;

    public override string ToString() => $"{SourceDocuments:N0} source vs {TargetDocuments:N0} target documents: {Lost} lost, {Stale} stale, {Resurrected} resurrected";
}

/// <summary>
/// Compares two indexes document by document without holding either: both are read in _id order page
/// by page, each through its own point in time, and merge-joined. Memory is two pages.
/// </summary>
internal static class StreamingComparison
{
    public const int DefaultPageSize = 2000;

    public static async Task<ComparisonResult> CompareAsync(HttpClient http, string source, string target, bool askForVectors, CancellationToken ct, int pageSize = DefaultPageSize)
    {
        (await http.PostAsync($"/{source},{target}/_refresh", null, ct)).EnsureSuccessStatusCode();
        return await CompareAsync(ReadAsync(http, source, askForVectors, pageSize, ct), ReadAsync(http, target, askForVectors, pageSize, ct), ct);
    }

    /// <summary>The merge-join of two streams, each in ordinal _id order.</summary>
    public static async Task<ComparisonResult> CompareAsync(IAsyncEnumerable<IndexRow> source, IAsyncEnumerable<IndexRow> target, CancellationToken ct)
    {
        var result = new ComparisonResult();
        await using var s = source.GetAsyncEnumerator(ct);
        await using var t = target.GetAsyncEnumerator(ct);
        var hasS = await s.MoveNextAsync();
        var hasT = await t.MoveNextAsync();
        string? lastS = null, lastT = null;
        while (hasS || hasT)
        {
            var order = !hasS ? 1 : !hasT ? -1 : string.CompareOrdinal(s.Current.Id, t.Current.Id);
            if (order <= 0) CheckOrder(ref lastS, s.Current.Id);
            if (order >= 0) CheckOrder(ref lastT, t.Current.Id);
            if (order < 0)
            {
                result.SourceDocuments++;
                result.Lost++;
                Note(result, $"{s.Current.Id}: lost (version {s.Current.Version} in the source, missing from the target)");
                hasS = await s.MoveNextAsync();
            }
            else if (order > 0)
            {
                result.TargetDocuments++;
                result.Resurrected++;
                Note(result, $"{t.Current.Id}: resurrected (version {t.Current.Version} in the target, not in the source)");
                hasT = await t.MoveNextAsync();
            }
            else
            {
                result.SourceDocuments++;
                result.TargetDocuments++;
                if (Difference(s.Current, t.Current) is { } difference)
                {
                    result.Stale++;
                    Note(result, $"{s.Current.Id}: stale ({difference})");
                }
                hasS = await s.MoveNextAsync();
                hasT = await t.MoveNextAsync();
            }
        }
        return result;
    }

    private static void CheckOrder(ref string? last, string id)
    {
        if (last != null && string.CompareOrdinal(last, id) >= 0)
            throw new InvalidOperationException($"The stream is not in _id order: '{id}' after '{last}'.");
        last = id;
    }

    private static string? Difference(IndexRow source, IndexRow target)
    {
        if (source.Version != target.Version) return $"version {target.Version} in the target, {source.Version} in the source";
        if (source.Tag != target.Tag) return $"tag '{target.Tag}' in the target, '{source.Tag}' in the source";
        if (source.Title != target.Title) return $"title '{target.Title}' in the target, '{source.Title}' in the source";
        if (source.Vector == null || target.Vector == null) return source.Vector == target.Vector ? null : "a vector on one side only";
        return source.Vector.AsSpan().SequenceEqual(target.Vector) ? null : "vector differs";
    }

    private static void Note(ComparisonResult result, string example)
    {
        if (result.Examples.Count < 10) result.Examples.Add(example);
    }

    /// <summary>
    /// An index's documents in ordinal _id order, a page at a time, all pages from one point in time. A page
    /// is a window of document numbers (<c>n</c> from w to w + pageSize, sorted on n): the node finds a
    /// window's documents by binary search in n's sorted values, where search_after on a sort over the whole
    /// index would visit every document for every page. Ids are "doc-" and n zero-padded, so n order is _id order.
    /// </summary>
    public static async IAsyncEnumerable<IndexRow> ReadAsync(HttpClient http, string index, bool askForVectors, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        using var opened = await http.PostAsync($"/{index}/_pit?keep_alive=5m", null, ct);
        opened.EnsureSuccessStatusCode();
        var pit = JsonDocument.Parse(await opened.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
        var source = askForVectors ? """{"exclude_vectors":false}""" : "true";
        try
        {
            using (var max = await SearchAsync(http, index, "{\"size\":1,\"_source\":false,\"track_total_hits\":false," + Pit(pit) + ",\"sort\":[{\"n\":\"desc\"}]}", ct))
            {
                pit = max.RootElement.TryGetProperty("pit_id", out var p) ? p.GetString()! : pit;
                var top = max.RootElement.GetProperty("hits").GetProperty("hits");
                if (top.GetArrayLength() == 0) yield break;
                var last = top[0].GetProperty("sort")[0].GetInt64();
                for (long start = 0; start <= last; start += pageSize)
                {
                    var body = $"{{\"size\":{pageSize},\"version\":true,\"track_total_hits\":false,\"_source\":{source},{Pit(pit)},\"query\":{{\"range\":{{\"n\":{{\"gte\":{start},\"lt\":{start + pageSize}}}}}}},\"sort\":[{{\"n\":\"asc\"}}]}}";
                    using var page = await SearchAsync(http, index, body, ct);
                    pit = page.RootElement.TryGetProperty("pit_id", out var q) ? q.GetString()! : pit;
                    foreach (var row in Rows(page)) yield return row;
                }
            }
        }
        finally
        {
            using var close = new HttpRequestMessage(HttpMethod.Delete, "/_pit") { Content = new StringContent(JsonSerializer.Serialize(new { id = pit }), Encoding.UTF8, "application/json") };
            using var _ = await http.SendAsync(close, CancellationToken.None);
        }
    }

    private static string Pit(string id) => "\"pit\":{\"id\":" + JsonSerializer.Serialize(id) + ",\"keep_alive\":\"5m\"}";

    private static async Task<JsonDocument> SearchAsync(HttpClient http, string index, string body, CancellationToken ct)
    {
        using var response = await http.PostAsync("/_search", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Reading {index} failed: {(int)response.StatusCode} {Encoding.UTF8.GetString(text)}");
        return JsonDocument.Parse(text);
    }

    private static List<IndexRow> Rows(JsonDocument page)
    {
        var rows = new List<IndexRow>();
        foreach (var hit in page.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
        {
            var src = hit.GetProperty("_source");
            float[]? vector = null;
            if (src.TryGetProperty("embedding", out var e) && e.ValueKind == JsonValueKind.Array)
            {
                vector = new float[e.GetArrayLength()];
                var i = 0;
                foreach (var value in e.EnumerateArray()) vector[i++] = value.GetSingle();
            }
            rows.Add(new IndexRow(hit.GetProperty("_id").GetString()!, hit.GetProperty("_version").GetInt64(),
                src.TryGetProperty("tag", out var tag) ? tag.GetString() : null,
                src.TryGetProperty("title", out var title) ? title.GetString() : null, vector));
        }
        return rows;
    }
}
