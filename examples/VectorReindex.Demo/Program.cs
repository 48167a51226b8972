using System.Text.Json;
using VectorReindex.Demo;

// The main job: a zero-downtime migration of 'products' from a 128- to a 256-dimension model
// while readers and writers keep going, ending with a report and a timeline picture.
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
var report = await ZeroDowntimeDemo.RunAsync(options, line => Console.WriteLine("[demo] " + line), cancel.Token);

Directory.CreateDirectory(options.OutputFolder);
var text = report.Render();
Console.WriteLine();
Console.WriteLine(text);
File.WriteAllText(Path.Combine(options.OutputFolder, "report.txt"), text);
File.WriteAllText(Path.Combine(options.OutputFolder, "timeline.svg"), TimelineSvg.Render(report));
File.WriteAllText(Path.Combine(options.OutputFolder, "queries.json"), JsonSerializer.Serialize(report.Traffic.Queries.ToArray()));
Console.WriteLine($"report and timeline written to {Path.GetFullPath(options.OutputFolder)}");
return report.ZeroDowntime ? 0 : 1;
