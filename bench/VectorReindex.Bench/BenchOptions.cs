using System.Globalization;

namespace VectorReindex.Bench;

internal sealed class BenchOptions
{
    public int Docs { get; private set; }
    private int? _dims;
    public int Dims => _dims ?? 384;

    /// <summary>The --dims given, or the scenario's own default.</summary>
    public int DimsOr(int fallback) => _dims ?? fallback;

    /// <summary>Scale: kNN reader tasks and each one's queries per second, dual-writer tasks and each one's operations per second.</summary>
    public int Readers { get; private set; } = 2;
    public double ReadsPerSecond { get; private set; } = 10;
    public int Writers { get; private set; } = 2;
    public double WritesPerSecond { get; private set; } = 20;

    /// <summary>Scale: primary shards of the seeded index (the target takes the same).</summary>
    public int Shards { get; private set; } = 2;

    /// <summary>Scale: seconds between samples of the node's RSS and the backfill's ETA.</summary>
    public double SampleSeconds { get; private set; } = 5;

    /// <summary>Scale: stop after the seed (the node's memory per document).</summary>
    public bool SeedOnly { get; private set; }
    public bool Python { get; private set; }

    /// <summary>Backfill: base64 against JSON float vectors into the node (9.3+), side by side.</summary>
    public bool Base64 { get; private set; }

    /// <summary>Backfill: the engine re-embeds the title with the hashing model (vectors made in memory) instead of copying.</summary>
    public bool Reembed { get; private set; }

    /// <summary>Backfill: every peer in one run (Start-Backfill, Python helpers.reindex, the Node.js client, the node's _reindex, re-embedding with a local model).</summary>
    public bool Peers { get; private set; }

    /// <summary>Backfill --peers: documents the re-embed peer embeds with the local model (it runs at model speed).</summary>
    public int ReembedDocs { get; private set; } = 2_000;

    /// <summary>Backfill: timed runs per side (the summary is the median).</summary>
    public int Runs { get; private set; } = 3;
    public string? Model { get; private set; }

    /// <summary>Gzip request bodies, as Connect-VectorCluster does unless -NoCompression (the bench's default is off).</summary>
    public bool Compression { get; private set; }

    /// <summary>The version the local node presents (its --es-version); null for the node's default.</summary>
    public string? EsVersion { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--docs": o.Docs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dims": o._dims = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--readers": o.Readers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reads-per-second": o.ReadsPerSecond = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--writers": o.Writers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--writes-per-second": o.WritesPerSecond = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--shards": o.Shards = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed-only": o.SeedOnly = true; break;
                case "--sample-seconds": o.SampleSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--python": o.Python = true; break;
                case "--base64": o.Base64 = true; break;
                case "--reembed": o.Reembed = true; break;
                case "--peers": o.Peers = true; break;
                case "--reembed-docs": o.ReembedDocs = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--runs": o.Runs = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--compression": o.Compression = true; break;
                case "--es-version": o.EsVersion = args[++i]; break;
                case "--model": o.Model = args[++i]; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. Known: --docs N, --dims D, --runs N, --python, --base64, --reembed, --peers, --reembed-docs N, --compression, --es-version X.Y.Z, --model M, --readers N, --reads-per-second R, --writers N, --writes-per-second R, --shards N, --sample-seconds S, --seed-only.");
            }
        }
        return o;
    }
}
