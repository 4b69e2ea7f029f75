using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>What a curator should read: failed, cancelled and negatively rated questions, newest first, with their text and error.</summary>
public sealed class WorklistSection : IReportSection
{
    public const int Shown = 50;

    private List<SqlRow> _rows = [];

    public string Id => "worklist";

    public string Title => "Worklist: failed and negatively rated questions";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _rows = await context.RowsAsync("worklist", cancellationToken, ("row_limit", Shown)).ConfigureAwait(false);
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (_rows.Count == 0)
        {
            Table.Nothing(html, "No question failed, was cancelled or was rated down in this window.");
            return;
        }

        Table.Start(html, $"The {_rows.Count} newest (Get-GenieQuestion -Unanswered lists them all)", "table-worklist", ("Asked", false), ("Space", false), ("User", false), ("Why", false), ("Question", false), ("Error or SQL", false));
        foreach (var row in _rows)
        {
            var reason = row.GetString("reason");
            var error = row.GetString("error");
            var errorType = row.GetString("error_type");
            var detail = reason == "RATED_NEGATIVE"
                ? row.GetString("query_sql")
                : string.Join(": ", new[] { errorType, error }.Where(s => !string.IsNullOrEmpty(s)));
            html.Start("tr", ("data-message-id", row.GetString("message_id")));
            Table.Time(html, row.GetTimestamp("asked_at"));
            Table.Text(html, row.GetString("space_title"));
            Table.Text(html, row.GetString("user_name"));
            html.Element("td", reason switch { "RATED_NEGATIVE" => "rated down", "CANCELLED" => "cancelled", _ => "failed" }, ("class", "reason reason-" + reason?.ToLowerInvariant()));
            html.Element("td", row.GetString("question"), ("class", "question"));
            html.Start("td", ("class", "detail")).Element("code", ReportFormat.Shorten(detail, 400), ("title", detail)).End("td");
            html.End("tr");
        }

        Table.End(html);
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        ReportJson.WriteRows(json, "rows", _rows);
        json.WriteEndObject();
    }
}
