using System.Globalization;

namespace VectorReindex.Demo;

/// <summary>Command-line options of the demo.</summary>
public sealed class DemoOptions
{
    public int Documents { get; set; } = 100_000;
    public int OldDimensions { get; set; } = 128;
    public int NewDimensions { get; set; } = 256;
    public double QueriesPerSecond { get; set; } = 40;
    public double WritesPerSecond { get; set; } = 40;
    public TimeSpan IdleWindow { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan AfterWindow { get; set; } = TimeSpan.FromSeconds(15);
    public double MaxDocsPerSecond { get; set; }
    public string OutputFolder { get; set; } = "demo-output";
    public int Seed { get; set; } = 7;

    public static DemoOptions Parse(string[] args)
    {
        var o = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--docs": o.Documents = (int)Number(); break;
                case "--old-dims": o.OldDimensions = (int)Number(); break;
                case "--new-dims": o.NewDimensions = (int)Number(); break;
                case "--qps": o.QueriesPerSecond = Number(); break;
                case "--writes": o.WritesPerSecond = Number(); break;
                case "--idle": o.IdleWindow = TimeSpan.FromSeconds(Number()); break;
                case "--after": o.AfterWindow = TimeSpan.FromSeconds(Number()); break;
                case "--max-docs-per-second": o.MaxDocsPerSecond = Number(); break;
                case "--out": o.OutputFolder = Next(); break;
                case "--seed": o.Seed = (int)Number(); break;
                case "--help":
                case "-h":
                    throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }
        if (o.Documents < 100) throw new ArgumentException("--docs must be at least 100.");
        return o;
    }

    public const string Usage =
        "usage: dotnet run --project examples/VectorReindex.Demo -c Release -- [--docs 100000] [--old-dims 128] [--new-dims 256]\n" +
        "       [--qps 40] [--writes 40] [--idle 15] [--after 15] [--max-docs-per-second 0] [--out demo-output] [--seed 7]";
}
