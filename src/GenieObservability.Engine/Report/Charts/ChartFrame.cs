namespace GenieObservability.Engine.Report.Charts;

/// <summary>
/// The accessible frame of every chart: an &lt;svg role="img"&gt; with a &lt;title&gt; and &lt;desc&gt; it is labelled by,
/// scaled to its container (charts keep a minimum width and scroll sideways on a phone rather than shrink their text).
/// </summary>
internal static class ChartFrame
{
    private static readonly double[] StepMultiples = [1.0, 2.0, 5.0, 10.0];

    public static void Open(HtmlWriter html, ReportContext context, string chart, double width, double height, string title, string description)
    {
        var titleId = context.NewId("chart-title");
        var descriptionId = context.NewId("chart-desc");
        html.Start("div", ("class", "chart-scroll"))
            .Start("svg", ("class", "chart " + chart), ("data-chart", chart), ("viewBox", $"0 0 {HtmlWriter.N(width)} {HtmlWriter.N(height)}"), ("role", "img"), ("aria-labelledby", $"{titleId} {descriptionId}"))
            .Element("title", title, ("id", titleId))
            .Element("desc", description, ("id", descriptionId));
    }

    public static void Close(HtmlWriter html) => html.End("svg").End("div");

    /// <summary>A round step for about four grid lines up to <paramref name="max"/>: 1, 2 or 5 times a power of ten (never below 1).</summary>
    public static long NiceStep(long max)
    {
        var rough = Math.Max(1.0, max / 4.0);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = StepMultiples.Select(m => m * magnitude).First(s => s >= rough);
        return Math.Max(1, (long)step);
    }

    /// <summary>The axis top: the first multiple of <see cref="NiceStep"/> at or above <paramref name="max"/>.</summary>
    public static long NiceCeiling(long max)
    {
        var step = NiceStep(max);
        return Math.Max(step, (max + step - 1) / step * step);
    }

    /// <summary>Hatch and dot patterns so that failed and cancelled differ without colour too (and in print).</summary>
    public static void Patterns(HtmlWriter html) => html.Raw(
        "<defs><pattern id=\"pattern-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#D55E00\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\" stroke-opacity=\"0.6\"/></pattern>"
        + "<pattern id=\"pattern-dots\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"#E69F00\"/><circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#ffffff\" fill-opacity=\"0.7\"/></pattern></defs>");

    /// <summary>The fill of a mark: its pattern when it has one, else its colour.</summary>
    public static string Fill(string color, string? pattern) => pattern is null ? color : $"url(#pattern-{pattern})";
}
