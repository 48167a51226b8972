using VectorReindex.Bench;

// Benchmarks of the migration engine against a local node on loopback (backfill: the node in its own process).
//   dotnet run -c Release --project bench/VectorReindex.Bench -- metadata [--docs 20000] [--dims 384] [--es-version 8.17.0]
//   dotnet run -c Release --project bench/VectorReindex.Bench -- backfill [--docs 200000] [--dims 384] [--runs 3] [--python] [--base64] [--reembed] [--peers] [--reembed-docs N] [--compression] [--es-version 8.17.0]
//   dotnet run -c Release --project bench/VectorReindex.Bench -- backfill --peers [--runs 3] [--reembed-docs 2000] [--model MiniLM|ArcticXs]
//   dotnet run -c Release --project bench/VectorReindex.Bench -- scale [--docs 10000000] [--dims 96] [--readers 2] [--reads-per-second 10] [--writers 2] [--writes-per-second 20] [--shards 2] [--sample-seconds 5] [--seed-only]
//   dotnet run -c Release --project bench/VectorReindex.Bench -- embed [--docs 2000] [--model MiniLM|ArcticXs]
//   dotnet run -c Release --project bench/VectorReindex.Bench -- copypath [--docs 1000] [--dims 384] [--runs 3]   (the copy path's per-document CPU and allocations, no node)
var scenario = args.Length > 0 ? args[0] : "metadata";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
return scenario switch
{
    "metadata" => await MetadataBenchmark.RunAsync(options),
    "backfill" => await BackfillBenchmark.RunAsync(options),
    "embed" => await EmbeddingBenchmark.RunAsync(options),
    "scale" => await ScaleBenchmark.RunAsync(options),
    "copypath" => await CopyPathMicro.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: VectorReindex.Bench (metadata|backfill|embed|scale|copypath) [--docs N] [--dims D] [--runs N] [--python] [--base64] [--reembed] [--peers] [--reembed-docs N] [--compression] [--es-version X.Y.Z] [--model MiniLM|ArcticXs]");
    return 2;
}
