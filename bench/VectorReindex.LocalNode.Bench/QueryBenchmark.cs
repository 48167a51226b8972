using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VectorReindex.LocalNode.Bench;

/// <summary>
/// Query latency of the local node over HTTP on loopback, with several concurrent clients:
/// <c>match-range</c> (a match on a text field in a bool with a numeric range filter, over small text
/// documents) and <c>knn-filtered</c> (a kNN query whose filter is a term on a keyword field, over
/// 384-float vectors). Documents load and refresh before timing (the refresh builds the new segment's
/// per-field indexes and is timed apart); the first query runs before timing too and is reported apart,
/// and after the timed queries a refresh of 2,000 changes and the first query after it are timed.
/// </summary>
internal static class QueryBenchmark
{
    private static readonly string[] Words = "time year people way day man thing woman life child world school state family student group country problem hand part place case week company system program question work government number night point home water room mother area money story fact month lot right study book eye job word business issue side kind head house service friend father power hour game line end member law car city community name president team minute idea kid body information back parent face others level office door health person art war history party result change morning reason research girl guy moment air teacher force education".Split(' ');

    public static async Task<int> RunAsync(string[] args)
    {
        int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var kind = args[0];
        var knn = kind == "knn-filtered";
        var docs = Option("--docs", knn ? 1_000_000 : 50_000);
        var dims = Option("--dims", 384);
        var clients = Option("--clients", 8);
        var queries = Option("--queries", knn ? 30 : 200);

        var esVersion = BenchArguments.EsVersion(args);
        await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, EsVersion = esVersion });
        using var http = new HttpClient { BaseAddress = node.Uri, Timeout = TimeSpan.FromMinutes(30) };
        var mapping = knn
            ? $"{{\"settings\":{{\"refresh_interval\":\"-1\",\"number_of_replicas\":0}},\"mappings\":{{\"properties\":{{\"tag\":{{\"type\":\"keyword\"}},\"embedding\":{{\"type\":\"dense_vector\",\"dims\":{dims},\"similarity\":\"cosine\"}}}}}}}}"
            : "{\"settings\":{\"refresh_interval\":\"-1\",\"number_of_replicas\":0},\"mappings\":{\"properties\":{\"title\":{\"type\":\"text\"},\"body\":{\"type\":\"text\"},\"price\":{\"type\":\"double\"},\"tag\":{\"type\":\"keyword\"}}}}";
        (await http.PutAsync("/bench", Json(mapping))).EnsureSuccessStatusCode();

        Console.WriteLine($"{kind}: loading {docs:N0} documents{(knn ? $" ({dims} floats each)" : "")} into a node presenting {esVersion}...");
        var random = new Random(42);
        var loadTimer = Stopwatch.StartNew();
        var text = new StringBuilder();
        const int batch = 1000;
        async Task Load(int from, int to)
        {
            for (var start = from; start < to; start += batch)
            {
                text.Clear();
                for (var n = start; n < Math.Min(to, start + batch); n++)
                {
                    text.Append("{\"index\":{\"_id\":\"").Append(n).Append("\"}}\n{\"tag\":\"t").Append(n % 20).Append('"');
                    if (knn)
                    {
                        text.Append(",\"embedding\":[");
                        for (var d = 0; d < dims; d++)
                            text.Append(d > 0 ? "," : "").Append((random.NextSingle() * 2 - 1).ToString("R", CultureInfo.InvariantCulture));
                        text.Append(']');
                    }
                    else
                    {
                        text.Append(",\"title\":\"").Append(Sentence(random, 4)).Append("\",\"body\":\"").Append(Sentence(random, 20))
                            .Append("\",\"price\":").Append((random.NextDouble() * 1000).ToString("0.00", CultureInfo.InvariantCulture));
                    }
                    text.Append("}\n");
                }
                using var content = new StringContent(text.ToString(), Encoding.UTF8, "application/x-ndjson");
                (await http.PostAsync("/bench/_bulk", content)).EnsureSuccessStatusCode();
            }
        }
        await Load(0, docs);
        var loaded = loadTimer.Elapsed.TotalSeconds;
        var refreshTimer = Stopwatch.StartNew();
        (await http.PostAsync("/bench/_refresh", null)).EnsureSuccessStatusCode();
        Console.WriteLine($"loaded in {loaded:0.0} s, then refresh {refreshTimer.Elapsed.TotalSeconds:0.00} s (builds the segment's field indexes)");

        string Query(Random r) => knn
            ? $"{{\"size\":10,\"_source\":false,\"knn\":{{\"field\":\"embedding\",\"k\":10,\"num_candidates\":100,\"query_vector\":[{string.Join(",", Enumerable.Range(0, dims).Select(_ => (r.NextSingle() * 2 - 1).ToString("R", CultureInfo.InvariantCulture)))}],\"filter\":{{\"term\":{{\"tag\":\"t{r.Next(20)}\"}}}}}}}}"
            : $"{{\"size\":10,\"query\":{{\"bool\":{{\"must\":{{\"match\":{{\"body\":\"{Words[r.Next(Words.Length)]} {Words[r.Next(Words.Length)]}\"}}}},\"filter\":{{\"range\":{{\"price\":{{\"gte\":{r.Next(0, 500)},\"lte\":{r.Next(500, 1000)}}}}}}}}}}}}}";

        var first = Stopwatch.StartNew();
        (await http.PostAsync("/bench/_search", Json(Query(new Random(7))))).EnsureSuccessStatusCode();
        Console.WriteLine($"first query after the refresh: {first.Elapsed.TotalMilliseconds:0.0} ms (the refresh built the field indexes; a kNN query still builds the snapshot's vector column)");

        var latencies = new List<double>();
        var timer = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var r = new Random(1000 + c);
            for (var q = 0; q < queries; q++)
            {
                var body = Query(r);
                var sw = Stopwatch.StartNew();
                using var response = await http.PostAsync("/bench/_search", Json(body));
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                lock (latencies)
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
            }
        })));
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        Console.WriteLine($"{clients} clients x {queries} queries in {timer.Elapsed.TotalSeconds:0.0} s: p50 {Percentile(0.5):0.0} ms, p95 {Percentile(0.95):0.0} ms, p99 {Percentile(0.99):0.0} ms");

        // A refresh after a few writes (1,000 overwrites of existing ids and 1,000 new documents) costs in
        // proportion to them: it adds a small segment and masks the overwritten versions.
        var changed = Math.Min(1000, docs);
        await Load(0, changed);
        await Load(docs, docs + changed);
        var again = Stopwatch.StartNew();
        (await http.PostAsync("/bench/_refresh", null)).EnsureSuccessStatusCode();
        var refreshMs = again.Elapsed.TotalMilliseconds;
        var afterRefresh = Stopwatch.StartNew();
        (await http.PostAsync("/bench/_search", Json(Query(new Random(8))))).EnsureSuccessStatusCode();
        Console.WriteLine($"after {changed:N0} overwrites and {changed:N0} new documents: refresh {refreshMs:0.0} ms, first query {afterRefresh.Elapsed.TotalMilliseconds:0.0} ms");
        return 0;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Sentence(Random random, int words)
        => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
}
