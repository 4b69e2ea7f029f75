using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>
/// The health of the collection itself: coverage of the latest refresh window (stored, failing, not tried), open
/// fetch errors by type, the spaces whose messages fail to fetch most, and idle spaces.
/// </summary>
public sealed class PipelineHealthSection : IReportSection
{
    public const int Shown = 10;

    private List<SqlRow> _coverage = [];
    private bool _refreshed;
    private List<SqlRow> _errorTypes = [];
    private List<SqlRow> _errorSpaces = [];
    private List<SqlRow> _idle = [];

    public string Id => "pipeline";

    public string Title => "Health of the data";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _refreshed = context.Source.Has("genie_messages_to_fetch");
        if (_refreshed)
        {
            _coverage = await context.RowsAsync("coverage", cancellationToken).ConfigureAwait(false);
        }

        _errorTypes = await context.RowsAsync("fetch_errors_by_type", cancellationToken).ConfigureAwait(false);
        _errorSpaces = (await context.RowsAsync("fetch_errors_by_space", cancellationToken).ConfigureAwait(false))
            .Where(r => r.GetCount("fetch_errors") > 0).ToList();
        _idle = await context.RowsAsync("idle_spaces", cancellationToken).ConfigureAwait(false);
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        html.Element("h3", "Coverage of the latest refresh");
        if (!_refreshed || _coverage.Count == 0)
        {
            Table.Nothing(html, _refreshed ? "The latest refresh found no Genie message." : "No pipeline refresh has run yet: run Invoke-GenieObservabilityJob.");
        }
        else
        {
            var segments = new (string Key, string Label, string Color, string? Pattern)[]
            {
                ("fetched", "Stored", Palette.Outcomes[0].Color, null),
                ("errored", "Fetch failing", Palette.Outcomes[2].Color, "hatch"),
                ("not_fetched", "Not fetched yet", Palette.Other, null),
            };
            ShareBarChart.Write(
                html,
                context,
                "Messages of the latest refresh window by fetch state, per workspace",
                string.Join("; ", _coverage.Select(r => $"{r.GetString("workspace_name") ?? r.GetString("workspace_id")}: {r.GetCount("fetched")} of {r.GetCount("silver_messages")} stored, {r.GetCount("errored")} failing, {r.GetCount("not_fetched")} not fetched yet")),
                segments,
                _coverage.Select(r => new ShareBarChart.Row(
                    r.GetString("workspace_name") ?? r.GetString("workspace_id") ?? string.Empty,
                    r.GetString("workspace_id") ?? string.Empty,
                    segments.Select(s => r.GetCount(s.Key)).ToList())).ToList());
        }

        html.Element("h3", "Open fetch errors");
        if (_errorTypes.Count == 0)
        {
            Table.Nothing(html, "No message is failing to fetch.");
        }
        else
        {
            Table.Start(html, "Messages whose fetch is failing, by error type (NOT_FOUND and PERMISSION_DENIED are not retried)", "table-fetch-errors", ("Error type", false), ("HTTP status", true), ("Messages", true), ("Most retries", true), ("Last attempt", false));
            foreach (var row in _errorTypes)
            {
                html.Start("tr", ("data-error-type", row.GetString("error_type")));
                Table.Text(html, row.GetString("error_type"));
                Table.Count(html, row.GetCount("http_status"));
                Table.Count(html, row.GetCount("messages"), "messages");
                Table.Count(html, row.GetCount("max_retry_count"));
                Table.Time(html, row.GetTimestamp("last_attempt_at"));
                html.End("tr");
            }

            Table.End(html);
        }

        if (_errorSpaces.Count > 0)
        {
            Table.Start(html, "Spaces whose messages fail to fetch most (first failed in the window)", "table-fetch-error-spaces", ("Space", false), ("Stored", true), ("Failing", true), ("Fetch-error rate", true));
            foreach (var row in _errorSpaces.Take(Shown))
            {
                html.Start("tr", ("data-space-id", row.GetString("space_id")));
                Table.Text(html, row.GetString("space_title"));
                Table.Count(html, row.GetCount("stored"), "stored");
                Table.Count(html, row.GetCount("fetch_errors"), "fetch_errors");
                Table.Share(html, row.GetDouble("fetch_error_rate"), "fetch_error_rate");
                html.End("tr");
            }

            Table.End(html);
        }

        html.Element("h3", "Idle spaces");
        if (_idle.Count == 0)
        {
            Table.Nothing(html, "Every known space had a question in this window.");
            return;
        }

        Table.Start(html, $"{ReportFormat.Count(_idle.Count)} known spaces without a question in these {context.Window.Days} days", "table-idle", ("Space", false), ("Workspace", false), ("Last question", false));
        foreach (var row in _idle)
        {
            html.Start("tr", ("data-space-id", row.GetString("space_id")));
            Table.Text(html, row.GetString("space_title"), row.GetString("space_id"));
            Table.Text(html, row.GetString("workspace_id"));
            Table.Time(html, row.GetTimestamp("last_question_at"));
            html.End("tr");
        }

        Table.End(html);
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteBoolean("refreshed", _refreshed);
        ReportJson.WriteRows(json, "coverage", _coverage);
        ReportJson.WriteRows(json, "fetch_errors_by_type", _errorTypes);
        ReportJson.WriteRows(json, "fetch_errors_by_space", _errorSpaces);
        ReportJson.WriteRows(json, "idle_spaces", _idle);
        json.WriteEndObject();
    }
}
