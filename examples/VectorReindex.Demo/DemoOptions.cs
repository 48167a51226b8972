using System.Globalization;
using VectorReindex.Core.Embedding;

namespace VectorReindex.Demo;

/// <summary>Command-line options of the demo.</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// Documents of the real-model mode when --docs is not given: re-embedding is the backfill's
    /// cost, and MiniLM embeds about 55 product descriptions a second on 2 loaded cores (~110
    /// idle), so 10,000 documents take three minutes or less and still give the recall check
    /// 10,000 candidates per query.
    /// </summary>
    public const int ModelDocuments = 10_000;

    public int Documents { get; set; } = 100_000;
    public int OldDimensions { get; set; } = 128;
    public int NewDimensions { get; set; } = 256;

    /// <summary>The new model when it is a local one (--model MiniLM); null for the hashing model.</summary>
    public LocalEmbeddingModel? Model { get; set; }

    public double QueriesPerSecond { get; set; } = 40;
    public double WritesPerSecond { get; set; } = 40;
    /// <summary>
    /// Traffic before the idle window that is served and checked but not part of any latency window:
    /// the first queries compile the readers' and the node's code paths and fill the node's per-index
    /// structures, which is start-up, not idle serving.
    /// </summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan IdleWindow { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan AfterWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The backfill's throttle, as an operator throttles _reindex with requests_per_second so the
    /// cluster keeps serving: unthrottled, the copy takes both of the demo machine's cores from the
    /// searches. 0: unthrottled.
    /// </summary>
    public double MaxDocsPerSecond { get; set; } = DefaultMaxDocsPerSecond;

    /// <summary>The demo's throttle when --max-docs-per-second is not given (the 100,000-document copy takes 20 s).</summary>
    public const double DefaultMaxDocsPerSecond = 5000;

    /// <summary>Shopper queries of the recall@10 check after the migration (0: none).</summary>
    public int RecallQueries { get; set; }

    /// <summary>How many times the whole demo runs (each on a node of its own), for the spread of its p99 ratio.</summary>
    public int Repeat { get; set; } = 1;

    /// <summary>
    /// The --cross-cluster mode: the old index on a cluster of its own presenting <see cref="OldClusterVersion"/>,
    /// moved to a second cluster at the node's default 9.x version, with routed documents and another shard count.
    /// </summary>
    public bool CrossCluster { get; set; }

    /// <summary>The old cluster's version in the cross-cluster mode: the last 8.x minor, as a blue/green move starts from.</summary>
    public const string OldClusterVersion = "8.19.0";

    /// <summary>Primary shards of the old index in the cross-cluster mode (1 otherwise).</summary>
    public int OldShards { get; set; } = 3;

    /// <summary>Primary shards of the new index in the cross-cluster mode: the new hardware's layout.</summary>
    public int NewShards { get; set; } = 2;

    public string OutputFolder { get; set; } = "demo-output";
    public int Seed { get; set; } = 7;

    public string NewModelDescription => Model != null ? $"{Model.ModelId} ({Model.Dimensions} dims)" : $"{NewDimensions}-dim hashing model";

    public static DemoOptions Parse(string[] args)
    {
        var o = new DemoOptions();
        int? documents = null, newDimensions = null, recall = null;
        double? writes = null;
        int? oldShards = null, newShards = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--docs": documents = (int)Number(); break;
                case "--old-dims": o.OldDimensions = (int)Number(); break;
                case "--new-dims": newDimensions = (int)Number(); break;
                case "--model": o.Model = ParseModel(Next()); break;
                case "--qps": o.QueriesPerSecond = Number(); break;
                case "--writes": writes = Number(); break;
                case "--warmup": o.WarmUp = TimeSpan.FromSeconds(Number()); break;
                case "--idle": o.IdleWindow = TimeSpan.FromSeconds(Number()); break;
                case "--after": o.AfterWindow = TimeSpan.FromSeconds(Number()); break;
                case "--max-docs-per-second": o.MaxDocsPerSecond = Number(); break;
                case "--recall-queries": recall = (int)Number(); break;
                case "--repeat": o.Repeat = (int)Number(); break;
                case "--cross-cluster": o.CrossCluster = true; break;
                case "--old-shards": oldShards = (int)Number(); break;
                case "--new-shards": newShards = (int)Number(); break;
                case "--out": o.OutputFolder = Next(); break;
                case "--seed": o.Seed = (int)Number(); break;
                case "--help":
                case "-h":
                    throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }
        if (o.Model != null)
        {
            if (newDimensions != null && newDimensions != o.Model.Dimensions)
                throw new ArgumentException($"--new-dims {newDimensions} does not fit --model {o.Model.Name}, which makes {o.Model.Dimensions}-dimension vectors; leave --new-dims out.");
            o.NewDimensions = o.Model.Dimensions;
            o.Documents = documents ?? ModelDocuments;
            // Each upsert is embedded in the demo's process on the same two cores as the backfill.
            o.WritesPerSecond = writes ?? 10;
            o.RecallQueries = recall ?? 1000;
        }
        else
        {
            o.NewDimensions = newDimensions ?? o.NewDimensions;
            o.Documents = documents ?? o.Documents;
            o.WritesPerSecond = writes ?? o.WritesPerSecond;
            o.RecallQueries = recall ?? 0;
        }
        if (!o.CrossCluster && (oldShards != null || newShards != null))
            throw new ArgumentException("--old-shards and --new-shards change the shard layout of the --cross-cluster mode; add --cross-cluster or leave them out.");
        o.OldShards = oldShards ?? o.OldShards;
        o.NewShards = newShards ?? o.NewShards;
        if (o.OldShards < 1 || o.NewShards < 1) throw new ArgumentException("--old-shards and --new-shards must be at least 1.");
        if (o.Documents < 100) throw new ArgumentException("--docs must be at least 100.");
        if (o.Repeat < 1) throw new ArgumentException("--repeat must be at least 1.");
        if (o.MaxDocsPerSecond < 0) throw new ArgumentException("--max-docs-per-second must be 0 (unthrottled) or more.");
        if (o.WarmUp < TimeSpan.Zero) throw new ArgumentException("--warmup must be 0 seconds or more.");
        return o;
    }

    private static LocalEmbeddingModel? ParseModel(string name) =>
        string.Equals(name, "hashing", StringComparison.OrdinalIgnoreCase) ? null
        : LocalEmbeddingModel.Find(name) ?? throw new ArgumentException(
            $"--model '{name}' is not a model the demo knows. Use hashing or one of: {string.Join(", ", LocalEmbeddingModel.All.Select(m => m.Name))}.");

    public const string Usage =
        "usage: dotnet run --project examples/VectorReindex.Demo -c Release -- [--docs 100000] [--old-dims 128] [--new-dims 256]\n" +
        "       [--model hashing|MiniLM|ArcticXs] [--qps 40] [--writes 40] [--warmup 5] [--idle 15] [--after 15]\n" +
        "       [--max-docs-per-second 5000] [--recall-queries 1000] [--repeat 1] [--out demo-output] [--seed 7] [--cross-cluster [--old-shards 3] [--new-shards 2]]\n" +
        "  --max-docs-per-second throttles the backfill (0: unthrottled); p99 during the migration is compared with idle p99:\n" +
        "  the queries before it (after --warmup) and after it, measured alike.\n" +
        "  --model MiniLM migrates to all-MiniLM-L6-v2 (384 dims): 10,000 documents, 10 writes/s and 1,000 recall queries unless given.\n" +
        "  --cross-cluster moves 'products' from an 8.19 cluster to a 9.x cluster (two local nodes, routed documents, 3 -> 2 shards):\n" +
        "  writers dual-write, readers switch endpoint at cutover.";
}
