namespace VectorReindex.Demo;

/// <summary>A label's box on the picture.</summary>
public readonly record struct LabelBox(double X, double Y, double Width, double Height)
{
    public bool Overlaps(LabelBox other) =>
        X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;
}

/// <summary>
/// Places phase labels in lanes above the charts: each label starts at its phase's line (moved
/// left where it would run off the right edge) in the first lane where it overlaps no label
/// already placed, so phases a moment apart stack instead of printing over each other.
/// </summary>
public static class PhaseLabelLayout
{
    /// <summary>Width of one character in a sans-serif font, as a share of the font size; generous, so real text stays inside its box.</summary>
    private const double CharacterWidth = 0.62;
    private const double Padding = 3;

    public static double LaneHeight(double fontSize) => fontSize + 2 * Padding;

    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * CharacterWidth + 2 * Padding;

    /// <summary>The boxes, in the order of <paramref name="labels"/> (each a text and the x of its line), and the lanes used.</summary>
    public static (List<LabelBox> Boxes, int Lanes) Place(IReadOnlyList<(string Text, double X)> labels, double top, double minX, double maxX, double fontSize)
    {
        var height = LaneHeight(fontSize);
        var placed = new List<LabelBox>();
        var lanes = 0;
        foreach (var (text, x) in labels)
        {
            var width = TextWidth(text, fontSize);
            var left = Math.Max(minX, Math.Min(x, maxX - width));
            for (var lane = 0; ; lane++)
            {
                var box = new LabelBox(left, top + lane * height, width, height);
                if (placed.Any(p => p.Overlaps(box))) continue;
                placed.Add(box);
                lanes = Math.Max(lanes, lane + 1);
                break;
            }
        }
        return (placed, lanes);
    }
}
