using System.Globalization;
using System.Xml.Linq;

namespace VectorReindex.Demo.Tests;

/// <summary>Issue 16, build 5: the timeline's axes, legend and phase labels.</summary>
public sealed class TimelineSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly string[] AllPhases = { "Created", "Backfilling", "Backfilled", "Syncing", "Synced", "Verified", "CutOver" };

    [Fact]
    public void PhasesAMomentApart_EveryPhaseLabelled_NoLabelBoxesOverlap()
    {
        // A fast migration: seven phases within half a second, the last near the right edge.
        var marks = AllPhases.Select((name, i) => new PhaseMark(name, 29.5 + i * 0.07, name == "Verified")).ToList();
        var svg = XDocument.Parse(TimelineSvg.Render(Report(marks, migrationStart: 29.4, migrationEnd: 30.0, seconds: 30)));
        var width = double.Parse(svg.Root!.Attribute("width")!.Value, CultureInfo.InvariantCulture);

        var labels = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "phase-label").ToList();
        Assert.Equal(AllPhases, labels.Select(g => g.Element(Svg + "text")!.Value));
        var boxes = labels.Select(g => g.Element(Svg + "rect")!).Select(r => new LabelBox(
            Number(r, "x"), Number(r, "y"), Number(r, "width"), Number(r, "height"))).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            Assert.True(boxes[i].X >= 0 && boxes[i].X + boxes[i].Width <= width, $"{AllPhases[i]}'s label runs off the picture: {boxes[i]}");
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(boxes[i].Overlaps(boxes[j]), $"{AllPhases[i]} {boxes[i]} overlaps {AllPhases[j]} {boxes[j]}");
        }
    }

    [Fact]
    public void PhasesFarApart_ShareOneLane()
    {
        var marks = AllPhases.Select((name, i) => new PhaseMark(name, 5 + i * 12, false)).ToList();
        var svg = XDocument.Parse(TimelineSvg.Render(Report(marks, migrationStart: 5, migrationEnd: 80, seconds: 100)));

        var tops = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "phase-label-box").Select(r => Number(r, "y")).Distinct();
        Assert.Single(tops);
    }

    [Fact]
    public void BothCharts_HaveLabelledYAxesWithTicks_AndALegendOfEverySeries()
    {
        var marks = AllPhases.Select((name, i) => new PhaseMark(name, 5 + i * 5, false)).ToList();
        var svg = XDocument.Parse(TimelineSvg.Render(Report(marks, migrationStart: 5, migrationEnd: 40, seconds: 50)));
        string[] Texts(string cls) => svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == cls).Select(t => t.Value).ToArray();

        Assert.Equal(new[] { "kNN latency per second (ms)", "operations per second" }, Texts("y-title"));
        var ticks = Texts("y-tick").Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        // Latency peaks at 40 ms (0, 10, ..., 40) and rates at 40/s: two axes from zero with round steps.
        Assert.Equal(new double[] { 0, 10, 20, 30, 40, 0, 10, 20, 30, 40 }, ticks);
        Assert.Equal(new[] { "p50 latency", "p99 latency", "queries/s", "writes/s", "migration running", "phase (dotted: passed between looks)", "cutover" }, Texts("legend-item"));
        Assert.Contains("seconds since readers and writers started", Texts("x-title"));
    }

    [Fact]
    public void CrossCluster_EndpointSwitchMarkedAndLabelled_ClearOfThePhaseLabels_WithItsLegend()
    {
        // The switch lands a moment after the cutover, as readers poll the record.
        var marks = AllPhases.Select((name, i) => new PhaseMark(name, 20 + i * 0.1, false)).ToList();
        var report = Report(marks, migrationStart: 19.9, migrationEnd: 20.8, seconds: 40, new EndpointSwitch(20.75, "old-cluster", "new-cluster"));
        var svg = XDocument.Parse(TimelineSvg.Render(report));
        var width = double.Parse(svg.Root!.Attribute("width")!.Value, CultureInfo.InvariantCulture);

        var line = Assert.Single(svg.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "endpoint-switch");
        var label = Assert.Single(svg.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "endpoint-label");
        Assert.Equal("readers -> new-cluster", label.Element(Svg + "text")!.Value);
        Assert.Contains("from old-cluster to new-cluster at t=20.8 s", label.Element(Svg + "title")!.Value);
        var box = Box(label.Element(Svg + "rect")!);
        Assert.True(box.X + box.Width <= width, $"the switch's label runs off the picture: {box}");
        Assert.Equal(Number(line, "x1"), Number(line, "x2"));
        foreach (var phase in svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "phase-label"))
            Assert.False(Box(phase.Element(Svg + "rect")!).Overlaps(box), $"{phase.Element(Svg + "text")!.Value} overlaps the switch's label");
        var legend = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "legend-item").ToList();
        var item = Assert.Single(legend, t => t.Value == "readers switch endpoint");
        Assert.True(legend.All(t => Number(t, "x") < width), "a legend item starts off the picture");
        Assert.Contains("old-cluster (8.19.0) to new-cluster", svg.Descendants(Svg + "text").First().Value);
    }

    [Fact]
    public void OneCluster_NoEndpointSwitchOrItsLegend()
    {
        var marks = AllPhases.Select((name, i) => new PhaseMark(name, 5 + i * 5, false)).ToList();
        var svg = TimelineSvg.Render(Report(marks, migrationStart: 5, migrationEnd: 40, seconds: 50));

        Assert.DoesNotContain("endpoint-switch", svg);
        Assert.DoesNotContain("readers switch endpoint", svg);
    }

    [Theory]
    [InlineData(1, 0.2, 1)]
    [InlineData(38, 10, 40)]
    [InlineData(101, 25, 125)]
    [InlineData(0.7, 0.2, 0.8)]
    public void Ticks_RoundStepsFromZero_ReachTheMaximum(double max, double step, double top)
    {
        var (s, m) = TimelineSvg.Ticks(max);
        Assert.Equal(step, s, 9);
        Assert.Equal(top, m, 9);
    }

    private static double Number(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private static LabelBox Box(XElement rect) => new(Number(rect, "x"), Number(rect, "y"), Number(rect, "width"), Number(rect, "height"));

    /// <summary>
    /// A report of <paramref name="seconds"/> of traffic: 40 queries and 40 writes a second, latency
    /// from 10 ms rising to 40 ms; with a <paramref name="move"/>, a cross-cluster run's.
    /// </summary>
    private static DemoReport Report(List<PhaseMark> marks, double migrationStart, double migrationEnd, int seconds, EndpointSwitch? move = null)
    {
        var traffic = new TrafficLog();
        for (var i = 0; i < seconds * 40; i++)
        {
            var at = i / 40.0;
            traffic.Queries.Enqueue(new Sample(at, 10 + 30.0 * i / (seconds * 40 - 1), true, null));
            traffic.Writes.Enqueue(new Sample(at, 5, true, null));
        }
        return new DemoReport
        {
            Options = new DemoOptions { Documents = 1000 },
            Traffic = traffic,
            Verification = new Verification(),
            MigrationStart = migrationStart,
            MigrationEnd = migrationEnd,
            CutoverAt = marks.Last().At,
            PhaseMarks = marks,
            CrossCluster = move == null ? null : new CrossClusterRun
            {
                OldCluster = "", NewCluster = "", OldClusterName = move.From, NewClusterName = move.To, OldShards = 3, NewShards = 2,
                Switches = { move }, OldIndex = new Verification(), Agreement = ClusterAgreement.Compare(new Dictionary<string, StoredDocument>(), new Dictionary<string, StoredDocument>()),
            },
        };
    }
}
