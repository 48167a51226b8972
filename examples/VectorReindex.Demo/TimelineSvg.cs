using System.Globalization;
using System.Text;

namespace VectorReindex.Demo;

/// <summary>The timeline picture: kNN latency (p50/p99 per second) and throughput over time, phases marked.</summary>
public static class TimelineSvg
{
    public static string Render(DemoReport report)
    {
        var c = CultureInfo.InvariantCulture;
        const int width = 1000, height = 560, left = 60, right = 20, top = 40, chart = 200, gap = 60;
        var end = Math.Max(report.Traffic.Queries.Select(q => q.At).DefaultIfEmpty(1).Max(), report.MigrationEnd) + 1;
        double X(double t) => left + t / end * (width - left - right);
        // Whole seconds only: the last, partial second would look like a drop in throughput.
        var seconds = Enumerable.Range(0, (int)Math.Floor(report.Traffic.Queries.Select(q => q.At).DefaultIfEmpty(1).Max())).ToList();
        var perSecond = seconds.Select(s => report.Traffic.Queries.Where(q => q.At >= s && q.At < s + 1 && q.Ok).Select(q => q.LatencyMs).ToList()).ToList();
        var p50 = perSecond.Select(l => Percentile.Of(l, 50)).ToList();
        var p99 = perSecond.Select(l => Percentile.Of(l, 99)).ToList();
        var qps = seconds.Select(s => report.Traffic.Queries.Count(q => q.At >= s && q.At < s + 1)).ToList();
        var wps = seconds.Select(s => report.Traffic.Writes.Count(w => w.At >= s && w.At < s + 1)).ToList();
        var maxLatency = Math.Max(1, p99.Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max() * 1.1);
        var maxRate = Math.Max(1, Math.Max(qps.DefaultIfEmpty(1).Max(), wps.DefaultIfEmpty(1).Max()) * 1.1);
        double YL(double v) => top + chart - v / maxLatency * chart;
        double YR(double v) => top + chart + gap + chart - v / maxRate * chart;

        var svg = new StringBuilder();
        svg.AppendLine(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.AppendLine(c, $"<text x=\"{left}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Zero-downtime migration: {report.Options.Documents:N0} docs, {report.Options.OldDimensions} to {report.Options.NewDimensions} dims</text>");
        svg.AppendLine(c, $"<rect x=\"{X(report.MigrationStart):F1}\" y=\"{top}\" width=\"{X(report.MigrationEnd) - X(report.MigrationStart):F1}\" height=\"{2 * chart + gap}\" fill=\"#fff4d6\"/>");
        foreach (var (name, at) in report.PhaseMarks.OrderBy(p => p.Value))
        {
            svg.AppendLine(c, $"<line x1=\"{X(at):F1}\" y1=\"{top}\" x2=\"{X(at):F1}\" y2=\"{top + 2 * chart + gap}\" stroke=\"#c08000\" stroke-dasharray=\"4,3\"/>");
            svg.AppendLine(c, $"<text x=\"{X(at) + 3:F1}\" y=\"{top + 12}\" fill=\"#805000\" transform=\"rotate(90 {X(at) + 3:F1},{top + 12})\">{name}</text>");
        }
        if (report.CutoverAt is double cut)
            svg.AppendLine(c, $"<line x1=\"{X(cut):F1}\" y1=\"{top}\" x2=\"{X(cut):F1}\" y2=\"{top + 2 * chart + gap}\" stroke=\"#d00000\" stroke-width=\"2\"/>");
        for (var t = 0; t < end; t += 10)
        {
            svg.AppendLine(c, $"<line x1=\"{X(t):F1}\" y1=\"{top + 2 * chart + gap}\" x2=\"{X(t):F1}\" y2=\"{top + 2 * chart + gap + 5}\" stroke=\"#888\"/>");
            svg.AppendLine(c, $"<text x=\"{X(t) - 6:F1}\" y=\"{top + 2 * chart + gap + 18}\" fill=\"#444\">{t}</text>");
        }
        Axis(svg, left, top, width - right, chart, $"kNN latency per second (ms, max {maxLatency:F0})");
        Axis(svg, left, top + chart + gap, width - right, chart, $"throughput per second (max {maxRate:F0})");
        Line(svg, seconds.Select(s => (X(s + 0.5), YL(p50[s]))), "#1f77b4", "p50");
        Line(svg, seconds.Select(s => (X(s + 0.5), YL(p99[s]))), "#d62728", "p99");
        Line(svg, seconds.Select(s => (X(s + 0.5), YR(qps[s]))), "#2ca02c", "queries/s");
        Line(svg, seconds.Select(s => (X(s + 0.5), YR(wps[s]))), "#9467bd", "writes/s");
        svg.AppendLine(c, $"<text x=\"{left}\" y=\"{height - 4}\">time (s); shaded: migration running; dashed: phases seen in _meta; red: cutover. p50 blue, p99 red, queries/s green, writes/s purple.</text>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Axis(StringBuilder svg, int left, int top, int right, int height, string label)
    {
        svg.AppendLine(FormattableString.Invariant($"<rect x=\"{left}\" y=\"{top}\" width=\"{right - left}\" height=\"{height}\" fill=\"none\" stroke=\"#888\"/>"));
        svg.AppendLine(FormattableString.Invariant($"<text x=\"{left + 4}\" y=\"{top - 4}\">{label}</text>"));
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color, string name)
    {
        var valid = points.Where(p => !double.IsNaN(p.Y)).Select(p => FormattableString.Invariant($"{p.X:F1},{p.Y:F1}"));
        svg.AppendLine($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{string.Join(" ", valid)}\"><title>{name}</title></polyline>");
    }
}
