using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using VectorReindex.Demo;

// The main job: a zero-downtime migration of 'products' to a new model (with --cross-cluster,
// to a new cluster too) while readers and writers keep going, ending with a report and a
// timeline picture (with --repeat, per run and a summary of the runs' p99 ratios).
DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
// SIGTERM too: cancelling unwinds the run, and with it the node's process is stopped by its PID.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });

var series = new DemoSeries();
for (var run = 1; run <= options.Repeat; run++)
{
    var folder = options.Repeat == 1 ? options.OutputFolder : Path.Combine(options.OutputFolder, "run-" + run.ToString(CultureInfo.InvariantCulture));
    var prefix = options.Repeat == 1 ? "[demo] " : $"[demo {run}/{options.Repeat}] ";
    DemoReport report;
    try
    {
        report = options.CrossCluster
            ? await CrossClusterDemo.RunAsync(options, line => Console.WriteLine(prefix + line), cancel.Token)
            : await ZeroDowntimeDemo.RunAsync(options, line => Console.WriteLine(prefix + line), cancel.Token);
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine(options.CrossCluster ? "cancelled; the nodes' processes were stopped" : "cancelled; the node's process was stopped");
        return 130;
    }
    series.Runs.Add(report);

    Directory.CreateDirectory(folder);
    var text = report.Render();
    Console.WriteLine();
    Console.WriteLine(text);
    File.WriteAllText(Path.Combine(folder, "report.txt"), text);
    File.WriteAllText(Path.Combine(folder, "timeline.svg"), TimelineSvg.Render(report));
    File.WriteAllText(Path.Combine(folder, "queries.json"), JsonSerializer.Serialize(report.Traffic.Queries.ToArray()));
    Console.WriteLine($"report and timeline written to {Path.GetFullPath(folder)}");
}
if (options.Repeat > 1)
{
    var summary = series.Render();
    Console.WriteLine();
    Console.WriteLine(summary);
    File.WriteAllText(Path.Combine(options.OutputFolder, "summary.txt"), summary);
    Console.WriteLine($"summary written to {Path.GetFullPath(Path.Combine(options.OutputFolder, "summary.txt"))}");
}
return series.ZeroDowntime && series.RollbackReady ? 0 : 1;
