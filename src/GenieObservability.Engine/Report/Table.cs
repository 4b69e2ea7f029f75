using System.Globalization;

namespace GenieObservability.Engine.Report;

/// <summary>
/// Data tables: a caption, headers the page's small script sorts by (numbers by their data-value), cells with encoded
/// text. Wide tables scroll sideways on a phone.
/// </summary>
public static class Table
{
    public static void Start(HtmlWriter html, string caption, string id, params (string Header, bool Numeric)[] columns)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Start("div", ("class", "table-scroll")).Start("table", ("class", "sortable"), ("id", id)).Element("caption", caption).Start("thead").Start("tr");
        foreach (var (header, numeric) in columns)
        {
            html.Start("th", ("scope", "col"), ("data-sort", numeric ? "number" : "text"), ("class", numeric ? "num" : null))
                .Start("button", ("type", "button"), ("class", "sort")).Text(header).End("button").End("th");
        }

        html.End("tr").End("thead").Start("tbody");
    }

    public static void End(HtmlWriter html) => html.End("tbody").End("table").End("div");

    public static void Text(HtmlWriter html, string? text, string? title = null) =>
        html.Element("td", text, ("title", title));

    public static void Count(HtmlWriter html, long value, string? column = null) =>
        html.Element("td", ReportFormat.Count(value), ("class", "num"), ("data-value", value.ToString(CultureInfo.InvariantCulture)), ("data-col", column));

    public static void Share(HtmlWriter html, double? share, string? column = null) =>
        html.Element("td", ReportFormat.Percent(share), ("class", "num"), ("data-value", share is { } s ? ReportFormat.Number(s) : "-1"), ("data-col", column));

    public static void Duration(HtmlWriter html, double? milliseconds, string? column = null) =>
        html.Element("td", ReportFormat.Duration(milliseconds), ("class", "num"), ("data-value", milliseconds is { } ms ? ReportFormat.Number(ms) : "-1"), ("data-col", column));

    public static void Time(HtmlWriter html, DateTimeOffset? time) =>
        html.Element("td", ReportFormat.Time(time), ("data-value", ReportFormat.Iso(time) ?? string.Empty));

    /// <summary>A paragraph that stands in for a chart or table with nothing to show.</summary>
    public static void Nothing(HtmlWriter html, string sentence) => html.Element("p", sentence, ("class", "nothing"));
}
