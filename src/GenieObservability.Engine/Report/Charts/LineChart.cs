using System.Globalization;

namespace GenieObservability.Engine.Report.Charts;

/// <summary>
/// One series over labelled points (weekly active users, satisfaction per week), y from zero, each point labelled with
/// its value. A share passes <c>percent: true</c>: values are whole percents, the axis ends at 100 and labels carry "%".
/// </summary>
public static class LineChart
{
    private const double Width = 720;
    private const double Height = 220;
    private const double Left = 44;
    private const double Right = 44;
    private const double Top = 22;
    private const double Bottom = 30;

    public static void Write(HtmlWriter html, ReportContext context, string title, string description, IReadOnlyList<(string Label, string Key, long Value)> points, string color, bool percent = false)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(points);
        var max = percent ? 100 : ChartFrame.NiceCeiling(points.Select(p => p.Value).DefaultIfEmpty(0).Max());
        string Text(long value) => ReportFormat.Count(value) + (percent ? "%" : string.Empty);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var step = points.Count > 1 ? plotWidth / (points.Count - 1) : 0;
        double X(int i) => points.Count > 1 ? Left + (i * step) : Left + (plotWidth / 2);
        double Y(long value) => Top + plotHeight - (plotHeight * value / max);

        ChartFrame.Open(html, context, "line", Width, Height, title, description);
        Axis.WriteValueAxis(html, Left, Width - Right, Top, plotHeight, max);
        html.Empty("polyline", ("class", "line"), ("fill", "none"), ("stroke", color), ("stroke-width", "2.5"), ("points", string.Join(' ', points.Select((p, i) => $"{HtmlWriter.N(X(i))},{HtmlWriter.N(Y(p.Value))}"))));
        var every = Math.Max(1, (int)Math.Ceiling(60 / Math.Max(step, 1)));
        for (var i = 0; i < points.Count; i++)
        {
            var (label, key, value) = points[i];
            html.Start("g", ("class", "point"), ("data-key", key), ("data-value", value.ToString(CultureInfo.InvariantCulture)))
                .Start("circle", ("cx", HtmlWriter.N(X(i))), ("cy", HtmlWriter.N(Y(value))), ("r", "4"), ("fill", color))
                .Element("title", $"{label}: {Text(value)}")
                .End("circle");
            if (i % every == 0 || i == points.Count - 1)
            {
                html.Element("text", Text(value), ("class", "value"), ("x", HtmlWriter.N(X(i))), ("y", HtmlWriter.N(Y(value) - 9)), ("text-anchor", "middle"));
                html.Element("text", label, ("class", "tick"), ("x", HtmlWriter.N(X(i))), ("y", HtmlWriter.N(Height - Bottom + 16)), ("text-anchor", "middle"));
            }

            html.End("g");
        }

        ChartFrame.Close(html);
    }
}
