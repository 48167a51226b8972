using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.Knn.Bench;
using VectorReindex.LocalNode;
using VectorReindex.LocalNode.Search;
using VectorReindex.LocalNode.Shards;

// Exact kNN over N random unit vectors: load through the engine, query through HTTP _search.
// Usage: dotnet run -c Release --project bench/VectorReindex.Knn.Bench -- [--count 1000000] [--dims 384] [--queries 30]
var count = Arg("--count", 1_000_000);
var dims = Arg("--dims", 384);
var queries = Arg("--queries", 30);
const string Field = "embedding";

Console.WriteLine($"kNN benchmark: {count:N0} vectors x {dims} float32, k=10, num_candidates=100, cosine; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"load average at start: {LoadAverage()}");
var bandwidth = MemoryBandwidth.MeasureGigabytesPerSecond();
Console.WriteLine($"memory read bandwidth (all cores, 1 GiB buffer): {bandwidth:F1} GB/s");
// Give the bandwidth buffer back to the OS before loading, so the working set measures the node.
System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
GC.Collect(2, GCCollectionMode.Aggressive, true, true);
var baseline = GC.GetTotalMemory(true);
var baselineWorkingSet = Environment.WorkingSet;

await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0 });
using var http = new HttpClient { BaseAddress = node.Uri, Timeout = TimeSpan.FromMinutes(5) };
var mapping = $"{{\"mappings\":{{\"properties\":{{\"{Field}\":{{\"type\":\"dense_vector\",\"dims\":{dims},\"similarity\":\"cosine\",\"index_options\":{{\"type\":\"flat\"}}}}}}}}}}";
(await http.PutAsync("/bench", new StringContent(mapping, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

var load = Stopwatch.StartNew();
var index = node.Engine.Cluster.Get("bench")!;
var random = new Random(42);
for (var i = 0; i < count; i++)
{
    var vector = RandomUnitVector(random, dims);
    // The source holds a small field, not the vector: the benchmark measures kNN, and a copy of every
    // vector as JSON text would dominate memory (Elasticsearch 9's exclude-vectors storage does the same).
    var source = Encoding.UTF8.GetBytes($"{{\"i\":{i}}}");
    // Into the shard's vector arena, where vectors indexed over HTTP live too.
    var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    var vectors = new Dictionary<string, StoredVector>(1, StringComparer.Ordinal) { [Field] = new StoredVector(index.ShardFor(id, null).VectorArena.Copy(vector)) };
    node.Engine.Documents.Write(index, new WriteOperation(id, new ParsedDocument(source, vectors, null)));
}
index.RefreshAll();
Console.WriteLine($"loaded {count:N0} vectors in {load.Elapsed.TotalSeconds:F1} s");

var queryVectors = Enumerable.Range(0, queries + 3).Select(_ => RandomUnitVector(random, dims)).ToList();
var latencies = new List<double>();
for (var q = 0; q < queryVectors.Count; q++)
{
    var body = new JsonObject
    {
        ["size"] = 10,
        ["_source"] = false,
        ["knn"] = new JsonObject { ["field"] = Field, ["query_vector"] = new JsonArray(queryVectors[q].Select(x => (JsonNode)x).ToArray()), ["k"] = 10, ["num_candidates"] = 100 },
    };
    var watch = Stopwatch.StartNew();
    using var response = await http.PostAsync("/bench/_search", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    var text = await response.Content.ReadAsStringAsync();
    watch.Stop();
    response.EnsureSuccessStatusCode();
    if (JsonNode.Parse(text)!["hits"]!["hits"]!.AsArray().Count != Math.Min(10, count))
        throw new InvalidOperationException("wrong number of hits: " + text);
    if (q >= 3)
        latencies.Add(watch.Elapsed.TotalMilliseconds);
    else
        Console.WriteLine($"warm-up query {q + 1}: {watch.Elapsed.TotalMilliseconds:F0} ms");
}
latencies.Sort();
double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];

// The scoring loops alone, in process, over the same column: the pruned exact search the node uses
// (int8 pass, then exact float rescoring) and the plain exhaustive float scan, for FLOP/s and bytes/s.
// The bench index has one shard (the default), so its snapshot holds every vector.
var column = VectorColumn.For(index.Shards[0].Snapshot, Field);
var options = index.Mapping.Fields[Field].Vector!;
double Median(Func<VectorScorer, TopK> run)
{
    var times = new List<double>();
    foreach (var query in queryVectors.Take(10))
    {
        var scorer = new VectorScorer(column, options, Field, query);
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(run(scorer));
        times.Add(watch.Elapsed.TotalSeconds);
    }
    times.Sort();
    return times[times.Count / 2];
}
var pruned = Median(s => s.Search(count, 10, null));
var exhaustive = Median(s => s.ExhaustiveSearch(count, 10, null));
var floatBytes = 4.0 * dims * count;
var prunedBytes = (1.0 * dims + 3 * 4 + 2 * 4) * count; // int8 codes; scale, residual and norm; key and slack written
var exactFlops = 2.0 * dims * count;
GC.Collect(2, GCCollectionMode.Aggressive, true, true);
var managed = GC.GetTotalMemory(true) - baseline;
var raw = 4L * dims * count;
Console.WriteLine();
Console.WriteLine($"HTTP _search kNN latency over {latencies.Count} queries: p50 {Percentile(0.5):F1} ms, p95 {Percentile(0.95):F1} ms, max {latencies[^1]:F1} ms");
Console.WriteLine($"scoring loop, pruned exact (the node's path; in process, median of 10): {pruned * 1000:F1} ms; streams {prunedBytes / 1e9:F2} GB = {prunedBytes / pruned / 1e9:F1} GB/s ({prunedBytes / pruned / 1e9 / bandwidth:P0} of measured bandwidth); {exactFlops / pruned / 1e9:F2} GFLOP/s float-equivalent (2*d*N per query)");
Console.WriteLine($"scoring loop, exhaustive float scan (median of 10): {exhaustive * 1000:F1} ms; streams {floatBytes / 1e9:F2} GB = {floatBytes / exhaustive / 1e9:F1} GB/s ({floatBytes / exhaustive / 1e9 / bandwidth:P0} of measured bandwidth); {exactFlops / exhaustive / 1e9:F2} GFLOP/s");
Console.WriteLine($"memory: raw vectors {raw / 1e9:F3} GB; managed heap growth {managed / 1e9:F3} GB = {(double)managed / raw:F2}x raw; process working set {Environment.WorkingSet / 1e9:F3} GB = {(double)Environment.WorkingSet / raw:F2}x raw (of which {baselineWorkingSet / 1e9:F3} GB before loading: runtime and HTTP stack)");
Console.WriteLine($"load average at end: {LoadAverage()}");
return;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

static float[] RandomUnitVector(Random random, int dims)
{
    var v = new float[dims];
    double norm = 0;
    for (var i = 0; i < dims; i++)
    {
        v[i] = (float)(random.NextDouble() * 2 - 1);
        norm += v[i] * v[i];
    }
    var scale = (float)(1 / Math.Sqrt(norm));
    for (var i = 0; i < dims; i++)
        v[i] *= scale;
    return v;
}
