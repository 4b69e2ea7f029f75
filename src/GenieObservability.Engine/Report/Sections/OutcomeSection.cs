using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>How questions ended, per space: answered with SQL, with text only, failed, cancelled, still pending (the most used spaces).</summary>
public sealed class OutcomeSection : IReportSection
{
    public const int Shown = 15;

    private List<SqlRow> _rows = [];
    private int _total;

    public string Id => "outcomes";

    public string Title => "Answer quality by space";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = await context.RowsAsync("outcome_by_space", cancellationToken).ConfigureAwait(false);
        _total = rows.Count;
        _rows = rows.Take(Shown).ToList();
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        if (_rows.Count == 0)
        {
            Table.Nothing(html, "No question was asked in this window, so there is no outcome to show.");
            return;
        }

        var segments = Palette.Outcomes;
        var bars = _rows.Select(r => new ShareBarChart.Row(
            r.GetString("space_title") ?? string.Empty,
            SpaceKey.Of(r),
            segments.Select(s => r.GetCount(s.Key)).ToList())).ToList();
        var answered = _rows.Sum(r => r.GetCount("answered_sql") + r.GetCount("answered_text"));
        var questions = _rows.Sum(r => r.GetCount("questions"));
        ShareBarChart.Write(
            html,
            context,
            "Outcome share per space",
            $"For the {_rows.Count} most used of {_total} spaces: {ReportFormat.Count(answered)} of {ReportFormat.Count(questions)} questions answered. Each bar is one space's questions split by outcome; the table below has the counts.",
            segments,
            bars);
        html.Start("details").Element("summary", "Outcomes as a table");
        Table.Start(html, "Questions per space and outcome", "table-outcomes", [("Space", false), ("Questions", true), .. segments.Select(s => (s.Label, true))]);
        foreach (var row in _rows)
        {
            html.Start("tr", ("data-space-id", row.GetString("space_id")));
            Table.Text(html, row.GetString("space_title"));
            Table.Count(html, row.GetCount("questions"), "questions");
            foreach (var segment in segments)
            {
                Table.Count(html, row.GetCount(segment.Key), segment.Key);
            }

            html.End("tr");
        }

        Table.End(html);
        html.End("details");
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("total_spaces", _total);
        ReportJson.WriteRows(json, "rows", _rows);
        json.WriteEndObject();
    }
}
