using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>Why questions failed: the Genie error types overall, and the spaces that fail most with their reasons.</summary>
public sealed class FailureSection : IReportSection
{
    public const int Shown = 10;

    private List<SqlRow> _rows = [];

    public string Id => "failures";

    public string Title => "Failures";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _rows = await context.RowsAsync("failure_reasons", cancellationToken).ConfigureAwait(false);
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        if (_rows.Count == 0)
        {
            Table.Nothing(html, "No question failed in this window.");
            return;
        }

        var byType = _rows.GroupBy(r => r.GetString("error_type") ?? "UNKNOWN")
            .Select(g => (Label: g.Key, Key: g.Key, Value: g.Sum(r => r.GetCount("failures"))))
            .OrderByDescending(t => t.Value).ThenBy(t => t.Label, StringComparer.Ordinal).Take(Shown).ToList();
        BarChart.Write(
            html,
            context,
            "Failed questions by Genie error type",
            $"{ReportFormat.Count(_rows.Sum(r => r.GetCount("failures")))} failed questions; most often {byType[0].Label} ({ReportFormat.Count(byType[0].Value)}).",
            byType,
            Palette.Categorical[3]);

        var spaces = _rows.GroupBy(SpaceKey.Of)
            .Select(g => (Rows: g.ToList(), Failures: g.Sum(r => r.GetCount("failures"))))
            .OrderByDescending(s => s.Failures).Take(Shown).ToList();
        Table.Start(html, "Spaces with the most failed questions, and why", "table-failing-spaces", ("Space", false), ("Failed", true), ("Reasons", false), ("Last failure", false));
        foreach (var (rows, failures) in spaces)
        {
            html.Start("tr", ("data-space-id", rows[0].GetString("space_id")));
            Table.Text(html, rows[0].GetString("space_title"));
            Table.Count(html, failures, "failed");
            Table.Text(html, string.Join(", ", rows.Select(r => $"{r.GetString("error_type")} ({ReportFormat.Count(r.GetCount("failures"))})")));
            Table.Time(html, rows.Max(r => r.GetTimestamp("last_failed_at")));
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
