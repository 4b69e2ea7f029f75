using System.Globalization;

namespace GenieObservability.Engine.Report.Charts;

/// <summary>Axes as SVG text, so they can be read, searched and tested.</summary>
internal static class Axis
{
    /// <summary>Horizontal grid lines with their values, from zero to <paramref name="max"/>.</summary>
    public static void WriteValueAxis(HtmlWriter html, double left, double right, double top, double plotHeight, long max)
    {
        var step = ChartFrame.NiceStep(max);
        for (var value = 0L; value <= max; value += step)
        {
            var y = top + plotHeight - (plotHeight * value / max);
            html.Empty("line", ("class", value == 0 ? "axis" : "grid"), ("x1", HtmlWriter.N(left)), ("x2", HtmlWriter.N(right)), ("y1", HtmlWriter.N(y)), ("y2", HtmlWriter.N(y)));
            html.Element("text", value.ToString("N0", CultureInfo.InvariantCulture), ("class", "tick"), ("x", HtmlWriter.N(left - 6)), ("y", HtmlWriter.N(y + 4)), ("text-anchor", "end"));
        }
    }

    /// <summary>Day labels under the columns, thinned so that they never overlap.</summary>
    public static void WriteDayLabels(HtmlWriter html, IReadOnlyList<DateOnly> days, double left, double band, double y)
    {
        var every = Math.Max(1, (int)Math.Ceiling(52 / band));
        for (var d = 0; d < days.Count; d++)
        {
            // Keep the last day labelled: it is the one a reader looks for.
            var last = d == days.Count - 1;
            if (d % every != 0 && !last)
            {
                continue;
            }

            if (!last && d + every > days.Count - 1 && (days.Count - 1 - d) * band < 52)
            {
                continue;
            }

            html.Element("text", ReportFormat.ShortDay(days[d]), ("class", "tick"), ("x", HtmlWriter.N(left + (d * band) + (band / 2))), ("y", HtmlWriter.N(y)), ("text-anchor", "middle"));
        }
    }
}
