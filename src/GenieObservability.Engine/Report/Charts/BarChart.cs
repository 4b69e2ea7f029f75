using System.Globalization;

namespace GenieObservability.Engine.Report.Charts;

/// <summary>Horizontal bars from zero, one per row, each labelled with its value at its end.</summary>
public static class BarChart
{
    private const double Width = 720;
    private const double LabelWidth = 300;
    private const double ValueWidth = 60;
    private const double RowHeight = 26;

    public static void Write(HtmlWriter html, ReportContext context, string title, string description, IReadOnlyList<(string Label, string Key, long Value)> rows, string color)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(rows);
        var max = Math.Max(1, rows.Select(r => r.Value).DefaultIfEmpty(0).Max());
        var barWidth = Width - LabelWidth - ValueWidth;
        ChartFrame.Open(html, context, "bars", Width, (rows.Count * RowHeight) + 8, title, description);
        for (var r = 0; r < rows.Count; r++)
        {
            var (label, key, value) = rows[r];
            var y = 4 + (r * RowHeight);
            var w = Math.Max(1, barWidth * value / max);
            html.Start("g", ("class", "bar-row"), ("data-key", key), ("data-value", value.ToString(CultureInfo.InvariantCulture)));
            html.Start("text", ("class", "label"), ("x", HtmlWriter.N(LabelWidth - 8)), ("y", HtmlWriter.N(y + 17)), ("text-anchor", "end"))
                .Element("title", label).Text(ReportFormat.Shorten(label, 34)).End("text");
            html.Start("rect", ("x", HtmlWriter.N(LabelWidth)), ("y", HtmlWriter.N(y + 4)), ("width", HtmlWriter.N(w)), ("height", HtmlWriter.N(RowHeight - 8)), ("fill", color))
                .Element("title", $"{label}: {ReportFormat.Count(value)}")
                .End("rect");
            html.Element("text", ReportFormat.Count(value), ("class", "value"), ("x", HtmlWriter.N(LabelWidth + w + 6)), ("y", HtmlWriter.N(y + 17)));
            html.End("g");
        }

        ChartFrame.Close(html);
    }
}
