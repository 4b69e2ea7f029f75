using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>Every space with questions in the window: title, workspace, questions, users, answer rate, failures, satisfaction, last question and a small daily trend.</summary>
public sealed class SpacesSection : IReportSection
{
    private List<SqlRow> _spaces = [];
    private Dictionary<string, long[]> _trend = new(StringComparer.Ordinal);

    public string Id => "spaces";

    public string Title => "Spaces";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _spaces = await context.RowsAsync("usage_by_space", cancellationToken).ConfigureAwait(false);
        var days = context.Window.DaysInWindow.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        foreach (var row in await context.RowsAsync("space_daily_questions", cancellationToken).ConfigureAwait(false))
        {
            if (row.GetTimestamp("day")?.UtcDateTime is { } day && days.TryGetValue(DateOnly.FromDateTime(day), out var d))
            {
                var key = SpaceKey.Of(row);
                if (!_trend.TryGetValue(key, out var values))
                {
                    _trend[key] = values = new long[days.Count];
                }

                values[d] += row.GetCount("questions");
            }
        }
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        if (_spaces.Count == 0)
        {
            Table.Nothing(html, "No space had a question in this window.");
            return;
        }

        Table.Start(
            html,
            $"{ReportFormat.Count(_spaces.Count)} spaces with questions, most used first (select a heading to sort)",
            "table-spaces",
            ("Space", false),
            ("Workspace", false),
            ("Questions", true),
            ("Users", true),
            ("Answer rate", true),
            ("Failed", true),
            ("Satisfaction", true),
            ("Last question", false),
            ("Trend", false));
        foreach (var row in _spaces)
        {
            var title = row.GetString("space_title");
            html.Start("tr", ("data-space-id", row.GetString("space_id")), ("data-workspace-id", row.GetString("workspace_id")));
            Table.Text(html, title, row.GetString("space_id"));
            Table.Text(html, row.GetString("workspace_name") ?? row.GetString("workspace_id"), row.GetString("workspace_id"));
            Table.Count(html, row.GetCount("questions"), "questions");
            Table.Count(html, row.GetCount("users"), "users");
            Table.Share(html, row.GetDouble("answer_rate"), "answer_rate");
            Table.Count(html, row.GetCount("failed"), "failed");
            Table.Share(html, row.GetDouble("satisfaction"), "satisfaction");
            Table.Time(html, row.GetTimestamp("last_question_at"));
            html.Start("td", ("class", "trend"));
            Sparkline.Write(html, _trend.GetValueOrDefault(SpaceKey.Of(row)) ?? new long[context.Window.Days], $"{title}: questions per day");
            html.End("td").End("tr");
        }

        Table.End(html);
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        ReportJson.WriteRows(json, "rows", _spaces);
        json.WriteEndObject();
    }
}
