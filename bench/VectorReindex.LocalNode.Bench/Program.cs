using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using VectorReindex.LocalNode;

// Bulk-ingest benchmark for the local node: 200,000 documents with 384-float vectors through HTTP on
// loopback into an index with refresh_interval -1. Bodies are generated before timing, so the figure
// is the node's ingest rate (plus the client's send cost on the same machine).
// Usage: dotnet run -c Release --project bench/VectorReindex.LocalNode.Bench -- ingest [--docs N] [--batch N] [--clients N] [--warmup BULKS] [--runs N] [--data DIR]
//        dotnet run -c Release --project bench/VectorReindex.LocalNode.Bench -- match-range [--docs 50000] [--clients 8] [--queries 200]
//        dotnet run -c Release --project bench/VectorReindex.LocalNode.Bench -- knn-filtered [--docs 1000000] [--dims 384] [--clients 8] [--queries 30]
//        dotnet run -c Release --project bench/VectorReindex.LocalNode.Bench -- float-text [--from 0] [--count 2139095040] [--threads 2]   (the float text against "R", every float)
// Every mode takes --es-version X.Y.Z (the version the in-process node presents; default the node's own).
if (args.Length > 0 && args[0] == "float-text")
    return VectorReindex.LocalNode.Bench.FloatTextCheck.Run(args);
if (args.Length > 0 && args[0] is "match-range" or "knn-filtered")
    return await VectorReindex.LocalNode.Bench.QueryBenchmark.RunAsync(args);
if (args.Length == 0 || args[0] != "ingest")
{
    Console.Error.WriteLine("usage: ingest [--docs 200000] [--dims 384] [--batch 1000] [--clients 2] [--warmup 50] [--runs 3] [--data DIR] [--es-version X.Y.Z] [--parse-only|--profile]");
    Console.Error.WriteLine("       match-range [--docs 50000] [--clients 8] [--queries 200] [--es-version X.Y.Z]");
    Console.Error.WriteLine("       knn-filtered [--docs 1000000] [--dims 384] [--clients 8] [--queries 30] [--es-version X.Y.Z]");
    Console.Error.WriteLine("       float-text [--from 0] [--count 2139095040] [--threads 2]");
    return 2;
}
int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
var docs = Option("--docs", 200_000);
var dims = Option("--dims", 384);
var batch = Option("--batch", 1000);
var clients = Option("--clients", 2);
var dataIndex = Array.IndexOf(args, "--data");
var dataPath = dataIndex >= 0 && dataIndex + 1 < args.Length ? args[dataIndex + 1] : null;
var esVersion = VectorReindex.LocalNode.Bench.BenchArguments.EsVersion(args);

Console.WriteLine($"generating {docs:N0} documents ({dims} floats each) in bulks of {batch}...");
var random = new Random(42);
var bodies = new List<byte[]>();
var text = new StringBuilder(batch * (dims * 12 + 100));
for (var start = 0; start < docs; start += batch)
{
    text.Clear();
    for (var n = start; n < Math.Min(docs, start + batch); n++)
    {
        text.Append("{\"index\":{\"_id\":\"").Append(n).Append("\"}}\n{\"title\":\"document ").Append(n).Append("\",\"category\":\"c").Append(n % 17).Append("\",\"embedding\":[");
        for (var d = 0; d < dims; d++)
        {
            if (d > 0) text.Append(',');
            text.Append((random.NextSingle() * 2 - 1).ToString("R", CultureInfo.InvariantCulture));
        }
        text.Append("]}\n");
    }
    bodies.Add(Encoding.UTF8.GetBytes(text.ToString()));
}
var totalBytes = bodies.Sum(b => (long)b.Length);
if (args.Contains("--profile"))
{
    // Per-stage cost of parsing one document (one core): tokenizing alone, vector scan alone, full parse.
    var mapping = VectorReindex.LocalNode.Mapping.IndexMapping.Empty.Merge(System.Text.Json.Nodes.JsonNode.Parse(
        "{\"properties\":{\"title\":{\"type\":\"text\"},\"category\":{\"type\":\"keyword\"},\"embedding\":{\"type\":\"dense_vector\",\"dims\":" + dims + "}}}"), VectorReindex.LocalNode.Compatibility.VersionProfile.Default);
    var sources = new List<byte[]>();
    foreach (var body in bodies)
    {
        var span = body.AsSpan();
        var line = 0;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            if (line++ % 2 == 1) sources.Add(span[..end].ToArray());
            span = span[(end + 1)..];
        }
    }
    var floats = new float[dims];
    void Stage(string name, Action<byte[]> work)
    {
        foreach (var s in sources.Take(2000)) work(s);
        var sw = Stopwatch.StartNew();
        foreach (var s in sources) work(s);
        Console.WriteLine($"{name,-22}: {sw.Elapsed.TotalMilliseconds * 1000 / sources.Count,6:F1} us/doc");
    }
    Stage("tokenize (Skip all)", s => { var r = new System.Text.Json.Utf8JsonReader(s); r.Read(); r.Skip(); });
    Stage("vector scan only", s => VectorReindex.LocalNode.Shards.FloatVectorScanner.TryScan(s, s.AsSpan().IndexOf((byte)'['), floats, out _, out _, out _));
    Stage("copy source", s => s.AsSpan().ToArray());
    Stage("full parse", s => VectorReindex.LocalNode.Shards.DocumentParser.Parse(mapping, s, "x"));
    return 0;
}
if (args.Contains("--parse-only"))
{
    // The document parser alone (no HTTP, no store): the JSON bytes per second one core parses.
    var mapping = VectorReindex.LocalNode.Mapping.IndexMapping.Empty.Merge(System.Text.Json.Nodes.JsonNode.Parse(
        "{\"properties\":{\"title\":{\"type\":\"text\"},\"category\":{\"type\":\"keyword\"},\"embedding\":{\"type\":\"dense_vector\",\"dims\":" + dims + "}}}"), VectorReindex.LocalNode.Compatibility.VersionProfile.Default);
    var parseCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var parseWatch = Stopwatch.StartNew();
    long parsedBytes = 0;
    foreach (var body in bodies)
    {
        var rest = body.AsMemory();
        var line = 0;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            if (line++ % 2 == 1)
            {
                VectorReindex.LocalNode.Shards.DocumentParser.Parse(mapping, rest[..end], "x");
                parsedBytes += end;
            }
            rest = rest[(end + 1)..];
        }
    }
    var parseCpu = Process.GetCurrentProcess().TotalProcessorTime - parseCpuBefore;
    Console.WriteLine($"parser only    : {docs / parseWatch.Elapsed.TotalSeconds:N0} docs/s, {parsedBytes / parseWatch.Elapsed.TotalSeconds / (1024 * 1024):N1} MiB/s on one core");
    Console.WriteLine($"parser CPU     : {parseCpu.TotalMilliseconds * 1000 / docs:N1} CPU-us/doc ({docs / parseCpu.TotalSeconds:N0} docs per CPU-second)");
    return 0;
}

await using var node = await LocalNodeServer.StartAsync(new LocalNodeOptions { Port = 0, DataPath = dataPath, EsVersion = esVersion });
using var http = new HttpClient { BaseAddress = node.Uri, Timeout = TimeSpan.FromMinutes(5) };
const string IndexBody = """{"settings":{"number_of_replicas":0,"refresh_interval":"-1"},"mappings":{"properties":{"title":{"type":"text"},"category":{"type":"keyword"},"embedding":{"type":"dense_vector","dims":DIMS,"similarity":"cosine"}}}}""";
string Mapping() => IndexBody.Replace("DIMS", dims.ToString(CultureInfo.InvariantCulture));
Task<HttpResponseMessage> PostBulk(string index, int bulk)
{
    var content = new ByteArrayContent(bodies[bulk]);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
    return http.PostAsync(index + "/_bulk", content);
}

// Warm-up (as Rally's warmup-time-period): the first bulks of a fresh process run while the JIT is still
// compiling and re-compiling the hot paths; they go to a scratch index that is deleted before timing.
var warmupBulks = Math.Min(Option("--warmup", 50), bodies.Count);
if (warmupBulks > 0)
{
    (await http.PutAsync("/warmup", new StringContent(Mapping(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    for (var w = 0; w < warmupBulks; w++)
    {
        (await PostBulk("/warmup", w)).EnsureSuccessStatusCode();
    }
    (await http.DeleteAsync("/warmup")).EnsureSuccessStatusCode();
}

// Each run loads every document into a fresh index, checks the count, then deletes the index; the
// summary is the median run, since a VM's neighbours make single runs vary.
var runs = Math.Max(1, Option("--runs", 3));
Console.WriteLine($"machine        : {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"node version   : {esVersion} presented");
Console.WriteLine($"durability     : {(dataPath == null ? "memory only" : "--data (WAL fsync per bulk)")}");
Console.WriteLine($"documents      : {docs:N0} x {dims} floats, {bodies.Count} bulks of {batch}, {clients} concurrent clients, {warmupBulks} warm-up bulks before timing, {runs} timed run(s)");
Console.WriteLine($"runtime        : {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, TieredPGO {AppContext.GetData("System.Runtime.TieredPGO") ?? "on (default)"}");
var rates = new List<double>();
var errors = 0;
for (var run = 1; run <= runs; run++)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var index = $"/bench-{run}";
    (await http.PutAsync(index, new StringContent(Mapping(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    var next = -1;
    var runErrors = 0;
    var gcBefore = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration(), Allocated: GC.GetTotalAllocatedBytes());
    var stopwatch = Stopwatch.StartNew();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < bodies.Count)
        {
            using var response = await PostBulk(index, i);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || body.Contains("\"errors\":true", StringComparison.Ordinal))
                Interlocked.Increment(ref runErrors);
        }
    }));
    stopwatch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var gcPause = GC.GetTotalPauseDuration() - gcBefore.Pause;
    var allocated = GC.GetTotalAllocatedBytes() - gcBefore.Allocated;
    var gcCounts = $"{GC.CollectionCount(0) - gcBefore.Gen0}/{GC.CollectionCount(1) - gcBefore.Gen1}/{GC.CollectionCount(2) - gcBefore.Gen2}";
    var refreshWatch = Stopwatch.StartNew();
    (await http.PostAsync(index + "/_refresh", null)).EnsureSuccessStatusCode();
    var refreshSeconds = refreshWatch.Elapsed.TotalSeconds;
    var counted = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(index + "/_count"))!["count"]!.GetValue<long>();
    (await http.DeleteAsync(index)).EnsureSuccessStatusCode();
    if (counted != docs)
        runErrors++;
    errors += runErrors;

    var seconds = stopwatch.Elapsed.TotalSeconds;
    rates.Add(docs / seconds);
    Console.WriteLine($"run {run}");
    Console.WriteLine($"  elapsed      : {seconds:F2} s (process CPU {cpu.TotalSeconds:F1} s)");
    Console.WriteLine($"  ingest rate  : {docs / seconds:N0} docs/s");
    Console.WriteLine($"  CPU per doc  : {cpu.TotalMilliseconds * 1000 / docs:N1} CPU-us/doc, node + client ({docs / cpu.TotalSeconds:N0} docs per CPU-second)");
    Console.WriteLine($"  JSON parsed  : {totalBytes / seconds / (1024 * 1024):N1} MiB/s ({totalBytes / (1024.0 * 1024):N0} MiB in total)");
    Console.WriteLine($"  GC           : {gcCounts} gen0/1/2 collections, {gcPause.TotalSeconds:F2} s paused, {allocated / (double)docs / 1024:N1} KiB allocated per doc (node + client)");
    Console.WriteLine($"  checked      : _count {counted:N0} of {docs:N0}, {runErrors} bulk errors");
    Console.WriteLine($"  refresh      : {refreshSeconds:F2} s after the run, untimed (builds the new segment's field indexes)");
}
rates.Sort();
var median = rates[rates.Count / 2];
Console.WriteLine($"ingest rate    : {median:N0} docs/s, median of {runs} run(s) (min {rates[0]:N0}, max {rates[^1]:N0}); {median * totalBytes / docs / (1024 * 1024):N1} MiB/s of JSON parsed");
Console.WriteLine($"bulk errors    : {errors}");
return errors == 0 ? 0 : 1;
