using GenieObservability.Engine.Report;

namespace GenieObservability.Engine.Report.Charts;

/// <summary>
/// Columns per day stacked by series (questions per day by space), y axis from zero, each day's total as a data
/// attribute (and as a label when the columns are wide enough), a legend of the series with their totals.
/// </summary>
public static class StackedColumnChart
{
    private const double Width = 720;
    private const double Height = 280;
    private const double Left = 44;
    private const double Right = 8;
    private const double Top = 18;
    private const double Bottom = 30;

    public static void Write(HtmlWriter html, ReportContext context, string title, string description, IReadOnlyList<DateOnly> days, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(series);
        var totals = days.Select((_, i) => series.Sum(s => s.Values[i])).ToList();
        var max = ChartFrame.NiceCeiling(totals.DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var band = plotWidth / Math.Max(1, days.Count);
        var barWidth = Math.Max(1, band * 0.78);
        double Y(long value) => Top + plotHeight - (plotHeight * value / max);

        ChartFrame.Open(html, context, "stacked-columns", Width, Height, title, description);
        Axis.WriteValueAxis(html, Left, Width - Right, Top, plotHeight, max);
        for (var d = 0; d < days.Count; d++)
        {
            var x = Left + (d * band) + ((band - barWidth) / 2);
            html.Start("g", ("class", "day"), ("data-day", ReportFormat.Day(days[d])), ("data-total", totals[d].ToString(System.Globalization.CultureInfo.InvariantCulture)));
            long below = 0;
            foreach (var s in series)
            {
                var value = s.Values[d];
                if (value == 0)
                {
                    continue;
                }

                var y = Y(below + value);
                html.Start("rect", ("x", HtmlWriter.N(x)), ("y", HtmlWriter.N(y)), ("width", HtmlWriter.N(barWidth)), ("height", HtmlWriter.N(Y(below) - y)), ("fill", s.Color), ("data-series", s.Name), ("data-value", value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .Element("title", $"{ReportFormat.Day(days[d])} · {s.Name}: {ReportFormat.Count(value)}")
                    .End("rect");
                below += value;
            }

            if (totals[d] > 0 && band >= 18)
            {
                html.Element("text", ReportFormat.Count(totals[d]), ("class", "value"), ("x", HtmlWriter.N(x + (barWidth / 2))), ("y", HtmlWriter.N(Y(totals[d]) - 3)), ("text-anchor", "middle"));
            }

            html.End("g");
        }

        Axis.WriteDayLabels(html, days, Left, band, Height - Bottom + 16);
        ChartFrame.Close(html);
        Legend.Write(html, series.Select(s => (s.Name, s.Color, (string?)null, (string?)ReportFormat.Count(s.Values.Sum()))));
    }
}
