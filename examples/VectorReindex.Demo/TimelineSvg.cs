using System.Globalization;
using System.Security;
using System.Text;

namespace VectorReindex.Demo;

/// <summary>
/// The timeline picture: kNN latency (p50/p99 per second) and throughput over time, with
/// labelled y-axes and ticks, a legend, and every phase marked and labelled without overlaps.
/// </summary>
public static class TimelineSvg
{
    private const int Width = 1000, Left = 70, Right = 20, Chart = 180, Gap = 50;
    private const double LabelFont = 11;

    private static readonly (string Name, string Colour)[] Series =
    {
        ("p50 latency", "#1f77b4"), ("p99 latency", "#d62728"), ("queries/s", "#2ca02c"), ("writes/s", "#9467bd"),
    };

    public static string Render(DemoReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var lastQuery = report.Traffic.Queries.Select(q => q.At).DefaultIfEmpty(1).Max();
        var end = Math.Max(lastQuery, report.MigrationEnd) + 1;
        double X(double t) => Left + t / end * (Width - Left - Right);

        // Whole seconds only: the last, partial second would look like a drop in throughput.
        var seconds = Enumerable.Range(0, (int)Math.Floor(lastQuery)).ToList();
        var perSecond = seconds.Select(s => report.Traffic.Queries.Where(q => q.At >= s && q.At < s + 1 && q.Ok).Select(q => q.LatencyMs).ToList()).ToList();
        var p50 = perSecond.Select(l => Percentile.Of(l, 50)).ToList();
        var p99 = perSecond.Select(l => Percentile.Of(l, 99)).ToList();
        var qps = seconds.Select(s => (double)report.Traffic.Queries.Count(q => q.At >= s && q.At < s + 1)).ToList();
        var wps = seconds.Select(s => (double)report.Traffic.Writes.Count(w => w.At >= s && w.At < s + 1)).ToList();
        var latencyAxis = Ticks(p99.Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max());
        var rateAxis = Ticks(Math.Max(qps.DefaultIfEmpty(1).Max(), wps.DefaultIfEmpty(1).Max()));

        const int legendY = 40;
        var phases = report.PhaseMarks.OrderBy(p => p.At).ToList();
        var switches = report.CrossCluster?.Switches ?? new List<EndpointSwitch>();
        var lanesTop = 56 + (switches.Count > 0 ? LegendRow : 0);
        // The endpoint switches' labels take lanes with the phases', so none overlaps another.
        var (boxes, lanes) = PhaseLabelLayout.Place(phases.Select(p => (p.Name, X(p.At)))
            .Concat(switches.Select(s => (SwitchLabel(s), X(s.At)))).ToList(), lanesTop, Left, Width - Right, LabelFont);
        var top = lanesTop + lanes * PhaseLabelLayout.LaneHeight(LabelFont) + 10;
        var latencyTop = top;
        var rateTop = top + Chart + Gap;
        var bottom = rateTop + Chart;
        var height = bottom + 56;
        double YL(double v) => latencyTop + Chart - v / latencyAxis.Max * Chart;
        double YR(double v) => rateTop + Chart - v / rateAxis.Max * Chart;

        var svg = new StringBuilder();
        svg.AppendLine(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height:F0}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.AppendLine(c, $"<text x=\"{Left}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Zero-downtime migration: {report.Options.Documents:N0} docs, {report.Options.OldDimensions}-dim hashing to {Escape(report.Options.NewModelDescription)}{(report.CrossCluster is { } xc ? Escape($", {xc.OldClusterName} ({DemoOptions.OldClusterVersion}) to {xc.NewClusterName}") : "")}</text>");
        Legend(svg, legendY, switches.Count > 0);

        // The migration's span and the phases, behind the data.
        svg.AppendLine(c, $"<rect x=\"{X(report.MigrationStart):F1}\" y=\"{latencyTop:F1}\" width=\"{X(report.MigrationEnd) - X(report.MigrationStart):F1}\" height=\"{bottom - latencyTop:F1}\" fill=\"#fff4d6\"/>");
        if (report.WarmUpEnd > 0)
            svg.AppendLine(c, $"<rect class=\"warm-up\" x=\"{X(0):F1}\" y=\"{latencyTop:F1}\" width=\"{X(report.WarmUpEnd) - X(0):F1}\" height=\"{bottom - latencyTop:F1}\" fill=\"#eeeeee\"><title>warm-up, t=0-{report.WarmUpEnd:F1} s: served and checked, in no latency window</title></rect>");
        for (var i = 0; i < phases.Count; i++)
        {
            var (phase, box) = (phases[i], boxes[i]);
            var x = X(phase.At);
            var title = phase.Inferred
                ? $"{phase.Name}: passed between two looks at _meta; drawn at the first look that saw a later phase, t={phase.At:F1} s"
                : $"{phase.Name}: first seen in _meta at t={phase.At:F1} s";
            svg.AppendLine(c, $"<line x1=\"{x:F1}\" y1=\"{box.Y + box.Height:F1}\" x2=\"{x:F1}\" y2=\"{bottom:F1}\" stroke=\"#c08000\" stroke-dasharray=\"{(phase.Inferred ? "1,3" : "4,3")}\"/>");
            svg.AppendLine(c, $"<g class=\"phase-label\"><title>{Escape(title)}</title>");
            svg.AppendLine(c, $"<rect class=\"phase-label-box\" x=\"{box.X:F1}\" y=\"{box.Y:F1}\" width=\"{box.Width:F1}\" height=\"{box.Height:F1}\" fill=\"#fffaf0\" stroke=\"#c08000\" stroke-width=\"0.5\"/>");
            svg.AppendLine(c, $"<text x=\"{box.X + 3:F1}\" y=\"{box.Y + box.Height - 4:F1}\" font-size=\"{LabelFont}\" fill=\"#805000\"{(phase.Inferred ? " font-style=\"italic\"" : "")}>{Escape(phase.Name)}</text></g>");
        }
        for (var i = 0; i < switches.Count; i++)
        {
            var (move, box) = (switches[i], boxes[phases.Count + i]);
            var x = X(move.At);
            svg.AppendLine(c, $"<line class=\"endpoint-switch\" x1=\"{x:F1}\" y1=\"{box.Y + box.Height:F1}\" x2=\"{x:F1}\" y2=\"{bottom:F1}\" stroke=\"{SwitchColour}\" stroke-width=\"2\" stroke-dasharray=\"6,2\"/>");
            svg.AppendLine(c, $"<g class=\"endpoint-label\"><title>{Escape($"readers switched from {move.From} to {move.To} at t={move.At:F1} s, when the migration record said {move.To} serves")}</title>");
            svg.AppendLine(c, $"<rect class=\"endpoint-label-box\" x=\"{box.X:F1}\" y=\"{box.Y:F1}\" width=\"{box.Width:F1}\" height=\"{box.Height:F1}\" fill=\"#f0fff4\" stroke=\"{SwitchColour}\" stroke-width=\"0.5\"/>");
            svg.AppendLine(c, $"<text x=\"{box.X + 3:F1}\" y=\"{box.Y + box.Height - 4:F1}\" font-size=\"{LabelFont}\" fill=\"#006020\">{Escape(SwitchLabel(move))}</text></g>");
        }
        if (report.CutoverAt is double cut)
            svg.AppendLine(c, $"<line x1=\"{X(cut):F1}\" y1=\"{latencyTop:F1}\" x2=\"{X(cut):F1}\" y2=\"{bottom:F1}\" stroke=\"#d00000\" stroke-width=\"2\"/>");

        Axis(svg, latencyTop, latencyAxis, "kNN latency per second (ms)");
        Axis(svg, rateTop, rateAxis, "operations per second");
        TimeAxis(svg, bottom, end, X);
        Line(svg, seconds.Select(s => (X(s + 0.5), YL(p50[s]))), Series[0]);
        Line(svg, seconds.Select(s => (X(s + 0.5), YL(p99[s]))), Series[1]);
        Line(svg, seconds.Select(s => (X(s + 0.5), YR(qps[s]))), Series[2]);
        Line(svg, seconds.Select(s => (X(s + 0.5), YR(wps[s]))), Series[3]);
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>An axis from 0 with a round step: about five ticks up to at least <paramref name="max"/>.</summary>
    public static (double Step, double Max) Ticks(double max)
    {
        max = Math.Max(max, 1e-9);
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normal = raw / magnitude;
        var step = (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10) * magnitude;
        return (step, Math.Ceiling(max / step - 1e-9) * step);
    }

    private static void Legend(StringBuilder svg, double y, bool endpointSwitch)
    {
        var c = CultureInfo.InvariantCulture;
        double x = Left;
        svg.AppendLine("<g class=\"legend\">");
        foreach (var (name, colour) in Series)
        {
            svg.AppendLine(c, $"<line x1=\"{x:F1}\" y1=\"{y - 4:F1}\" x2=\"{x + 18:F1}\" y2=\"{y - 4:F1}\" stroke=\"{colour}\" stroke-width=\"2\"/><text class=\"legend-item\" x=\"{x + 22:F1}\" y=\"{y:F1}\">{name}</text>");
            x += Advance(name);
        }
        svg.AppendLine(c, $"<rect x=\"{x:F1}\" y=\"{y - 10:F1}\" width=\"18\" height=\"10\" fill=\"#fff4d6\" stroke=\"#e0c080\"/><text class=\"legend-item\" x=\"{x + 22:F1}\" y=\"{y:F1}\">migration running</text>");
        x += Advance("migration running");
        svg.AppendLine(c, $"<line x1=\"{x:F1}\" y1=\"{y - 4:F1}\" x2=\"{x + 18:F1}\" y2=\"{y - 4:F1}\" stroke=\"#c08000\" stroke-dasharray=\"4,3\"/><text class=\"legend-item\" x=\"{x + 22:F1}\" y=\"{y:F1}\">phase (dotted: passed between looks)</text>");
        x += Advance("phase (dotted: passed between looks)");
        svg.AppendLine(c, $"<line x1=\"{x:F1}\" y1=\"{y - 4:F1}\" x2=\"{x + 18:F1}\" y2=\"{y - 4:F1}\" stroke=\"#d00000\" stroke-width=\"2\"/><text class=\"legend-item\" x=\"{x + 22:F1}\" y=\"{y:F1}\">cutover</text>");
        if (endpointSwitch)
        {
            // A second row: the first is full.
            (x, y) = (Left, y + LegendRow);
            svg.AppendLine(c, $"<line x1=\"{x:F1}\" y1=\"{y - 4:F1}\" x2=\"{x + 18:F1}\" y2=\"{y - 4:F1}\" stroke=\"{SwitchColour}\" stroke-width=\"2\" stroke-dasharray=\"6,2\"/><text class=\"legend-item\" x=\"{x + 22:F1}\" y=\"{y:F1}\">readers switch endpoint</text>");
        }
        svg.AppendLine("</g>");
    }

    private const string SwitchColour = "#00a040";
    private const int LegendRow = 16;

    private static string SwitchLabel(EndpointSwitch move) => "readers -> " + move.To;

    /// <summary>Swatch, gap, text and space before the next legend item.</summary>
    private static double Advance(string text) => 34 + text.Length * 6.5;

    private static void Axis(StringBuilder svg, double top, (double Step, double Max) axis, string title)
    {
        var c = CultureInfo.InvariantCulture;
        svg.AppendLine(c, $"<rect x=\"{Left}\" y=\"{top:F1}\" width=\"{Width - Left - Right}\" height=\"{Chart}\" fill=\"none\" stroke=\"#888\"/>");
        for (var v = 0.0; v <= axis.Max + axis.Step / 2; v += axis.Step)
        {
            var y = top + Chart - v / axis.Max * Chart;
            svg.AppendLine(c, $"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#eee\"/>");
            svg.AppendLine(c, $"<line x1=\"{Left - 5}\" y1=\"{y:F1}\" x2=\"{Left}\" y2=\"{y:F1}\" stroke=\"#888\"/>");
            svg.AppendLine(c, $"<text class=\"y-tick\" x=\"{Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\" fill=\"#444\">{v.ToString("0.##", c)}</text>");
        }
        var middle = top + Chart / 2.0;
        svg.AppendLine(c, $"<text class=\"y-title\" x=\"16\" y=\"{middle:F1}\" text-anchor=\"middle\" transform=\"rotate(-90 16,{middle:F1})\">{title}</text>");
    }

    private static void TimeAxis(StringBuilder svg, double bottom, double end, Func<double, double> x)
    {
        var c = CultureInfo.InvariantCulture;
        var step = Ticks(end / 2).Step; // about ten ticks
        for (var t = 0.0; t < end; t += step)
        {
            svg.AppendLine(c, $"<line x1=\"{x(t):F1}\" y1=\"{bottom:F1}\" x2=\"{x(t):F1}\" y2=\"{bottom + 5:F1}\" stroke=\"#888\"/>");
            svg.AppendLine(c, $"<text class=\"x-tick\" x=\"{x(t):F1}\" y=\"{bottom + 18:F1}\" text-anchor=\"middle\" fill=\"#444\">{t.ToString("0.##", c)}</text>");
        }
        svg.AppendLine(c, $"<text class=\"x-title\" x=\"{(Left + Width - Right) / 2}\" y=\"{bottom + 38:F1}\" text-anchor=\"middle\">seconds since readers and writers started</text>");
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, (string Name, string Colour) series)
    {
        var valid = points.Where(p => !double.IsNaN(p.Y)).Select(p => FormattableString.Invariant($"{p.X:F1},{p.Y:F1}"));
        svg.AppendLine($"<polyline fill=\"none\" stroke=\"{series.Colour}\" stroke-width=\"1.5\" points=\"{string.Join(" ", valid)}\"><title>{series.Name}</title></polyline>");
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
