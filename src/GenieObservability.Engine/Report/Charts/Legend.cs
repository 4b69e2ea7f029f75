namespace GenieObservability.Engine.Report.Charts;

/// <summary>A legend as HTML under a chart: a swatch (with the mark's pattern) and the name, and a figure when given.</summary>
internal static class Legend
{
    public static void Write(HtmlWriter html, IEnumerable<(string Name, string Color, string? Pattern, string? Figure)> entries)
    {
        html.Start("ul", ("class", "legend"));
        foreach (var (name, color, pattern, figure) in entries)
        {
            html.Start("li").Start("span", ("class", "swatch" + (pattern is null ? string.Empty : " swatch-" + pattern)), ("style", $"background-color:{color}"), ("aria-hidden", "true")).End("span").Text(name);
            if (figure is not null)
            {
                html.Raw(" ").Element("span", figure, ("class", "figure"));
            }

            html.End("li");
        }

        html.End("ul");
    }
}
