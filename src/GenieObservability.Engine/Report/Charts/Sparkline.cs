using System.Globalization;

namespace GenieObservability.Engine.Report.Charts;

/// <summary>A small daily trend for a table row; decorative (the row's figures are in the table), so hidden from screen readers.</summary>
public static class Sparkline
{
    private const double Width = 90;
    private const double Height = 22;

    public static void Write(HtmlWriter html, IReadOnlyList<long> values, string title)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(values);
        var max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var step = values.Count > 1 ? (Width - 4) / (values.Count - 1) : 0;
        var points = string.Join(' ', values.Select((v, i) => $"{HtmlWriter.N(2 + (i * step))},{HtmlWriter.N(Height - 2 - ((Height - 4) * v / max))}"));
        html.Start("svg", ("class", "sparkline"), ("viewBox", $"0 0 {Width.ToString(CultureInfo.InvariantCulture)} {Height.ToString(CultureInfo.InvariantCulture)}"), ("width", "90"), ("height", "22"), ("aria-hidden", "true"))
            .Element("title", title)
            .Empty("polyline", ("points", points), ("fill", "none"), ("stroke", Palette.Categorical[0]), ("stroke-width", "1.5"))
            .End("svg");
    }
}
