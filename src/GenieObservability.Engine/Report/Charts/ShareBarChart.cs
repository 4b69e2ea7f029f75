using System.Globalization;

namespace GenieObservability.Engine.Report.Charts;

/// <summary>
/// One horizontal 100% bar per row (outcome share per space): segments labelled with their share when wide enough,
/// every segment titled with its count, the row's total at the end; patterns as well as colours for the segments.
/// </summary>
public static class ShareBarChart
{
    private const double Width = 720;
    private const double LabelWidth = 210;
    private const double TotalWidth = 56;
    private const double RowHeight = 28;
    private const double Top = 6;

    public sealed record Row(string Label, string Key, IReadOnlyList<long> Values);

    public static void Write(HtmlWriter html, ReportContext context, string title, string description, IReadOnlyList<(string Key, string Label, string Color, string? Pattern)> segments, IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(rows);
        var barWidth = Width - LabelWidth - TotalWidth;
        var height = Top + (rows.Count * RowHeight) + 4;
        ChartFrame.Open(html, context, "share-bars", Width, height, title, description);
        ChartFrame.Patterns(html);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var total = row.Values.Sum();
            var y = Top + (r * RowHeight);
            html.Start("g", ("class", "bar-row"), ("data-key", row.Key), ("data-total", total.ToString(CultureInfo.InvariantCulture)));
            html.Start("text", ("class", "label"), ("x", HtmlWriter.N(LabelWidth - 8)), ("y", HtmlWriter.N(y + 18)), ("text-anchor", "end"))
                .Element("title", row.Label).Text(ReportFormat.Shorten(row.Label, 30)).End("text");
            double x = LabelWidth;
            for (var s = 0; s < segments.Count && total > 0; s++)
            {
                var value = row.Values[s];
                if (value == 0)
                {
                    continue;
                }

                var share = (double)value / total;
                var w = barWidth * share;
                var (key, label, color, pattern) = segments[s];
                html.Start("rect", ("x", HtmlWriter.N(x)), ("y", HtmlWriter.N(y + 4)), ("width", HtmlWriter.N(w)), ("height", HtmlWriter.N(RowHeight - 8)), ("fill", ChartFrame.Fill(color, pattern)), ("data-segment", key), ("data-value", value.ToString(CultureInfo.InvariantCulture)))
                    .Element("title", $"{row.Label} · {label}: {ReportFormat.Count(value)} of {ReportFormat.Count(total)} ({ReportFormat.Percent(share)})")
                    .End("rect");
                if (w >= 38)
                {
                    html.Element("text", ReportFormat.Percent(share), ("class", "in-bar"), ("x", HtmlWriter.N(x + (w / 2))), ("y", HtmlWriter.N(y + 18)), ("text-anchor", "middle"));
                }

                x += w;
            }

            html.Element("text", "n=" + ReportFormat.Count(total), ("class", "tick"), ("x", HtmlWriter.N(Width - TotalWidth + 6)), ("y", HtmlWriter.N(y + 18)));
            html.End("g");
        }

        ChartFrame.Close(html);
        Legend.Write(html, segments.Select(s => (s.Label, s.Color, s.Pattern, (string?)null)));
    }
}
