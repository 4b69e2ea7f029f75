using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>
/// How the SQL behind the answers ran: the query failure share (failed and canceled statements of those measured in
/// query history) overall and per space, durations, and the slowest statements with their question. Statements not in
/// history yet, given up or not looked up are counted apart, never as failures; without the table or without any
/// measured statement the section says so in words instead of showing a 0% that was never measured.
/// </summary>
public sealed class QueryPerformanceSection : IReportSection
{
    public const int Shown = 20;
    public const int SpacesCharted = 15;

    private bool _collected;
    private SqlRow? _overall;
    private List<SqlRow> _spaces = [];
    private List<SqlRow> _slowest = [];
    private long _answeredWithSql;

    public string Id => "queries";

    public string Title => "Query performance";

    private long Measured => _overall?.GetCount("measured") ?? 0;

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _collected = context.Source.Has(ObservabilityTables.QueryMetrics.Name);
        if (!_collected)
        {
            return;
        }

        var kpis = await context.RowsAsync("kpis", cancellationToken).ConfigureAwait(false);
        _answeredWithSql = kpis.FirstOrDefault(r => r.GetString("period") == "current")?.GetCount("answered_sql") ?? 0;
        _overall = (await context.RowsAsync("query_performance", cancellationToken, ("group_by", "all")).ConfigureAwait(false)).FirstOrDefault();
        _spaces = await context.RowsAsync("query_performance", cancellationToken, ("group_by", "space")).ConfigureAwait(false);
        _slowest = await context.RowsAsync("slowest_queries", cancellationToken, ("row_limit", Shown), ("status_filter", string.Empty)).ConfigureAwait(false);
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        if (!_collected)
        {
            Table.Nothing(html, "Query performance is not collected in this warehouse: it has no message_query_metrics table. Run Install-GenieObservabilitySchema, then Sync-GenieQueryMetric (the job does it by default), and export the report again.");
            return;
        }

        if (_overall is null)
        {
            Table.Nothing(html, _answeredWithSql == 0
                ? "No answer in this window ran SQL, so there is no query performance to show."
                : $"{ReportFormat.Count(_answeredWithSql)} answer{(_answeredWithSql == 1 ? string.Empty : "s")} in this window ran SQL, but no statement of them has been looked up yet: run Sync-GenieQueryMetric (the job does it by default), then export the report again.");
            return;
        }

        var overall = _overall;
        var unmeasured = WithoutMetrics(overall);
        if (Measured == 0)
        {
            Table.Nothing(html, $"No SQL statement of this window's answers has query-history metrics yet ({unmeasured}), so there is no failure share or duration to show. Sync-GenieQueryMetric (or the job) looks them up; query history can take an hour to have them.");
            return;
        }

        var failed = overall.GetCount("failed");
        var canceled = overall.GetCount("canceled");
        html.Start("div", ("class", "kpis"));
        KpiSection.Card(html, "query_measured", "Statements measured", ReportFormat.Count(Measured), Measured, $"of {ReportFormat.Count(overall.GetCount("statements"))} looked up", "SQL statements of the window's answers found in query history with a final status.");
        KpiSection.Card(html, "query_failure_share", "Query failure share", ReportFormat.Percent(overall.GetDouble("failure_share")), overall.GetDouble("failure_share"), $"{ReportFormat.Count(failed)} failed, {ReportFormat.Count(canceled)} canceled of {ReportFormat.Count(Measured)}", "(Failed + canceled) ÷ measured statements; statements without metrics are not counted.");
        KpiSection.Card(html, "query_median", "Median duration", ReportFormat.Duration(overall.GetDouble("median_duration_ms")), overall.GetDouble("median_duration_ms"), $"95th percentile {ReportFormat.Duration(overall.GetDouble("p95_duration_ms"))}, longest {ReportFormat.Duration(overall.GetDouble("max_duration_ms"))}", "Total duration of the measured statements (query history's total time, without fetching the result).");
        var waiting = overall.GetCount("pending") + overall.GetCount("not_available") + overall.GetCount("not_looked_up");
        KpiSection.Card(html, "query_without_metrics", "Without metrics", ReportFormat.Count(waiting), waiting, unmeasured, "Statements not in query history yet (looked up again), given up, or not looked up yet: not counted as failures.");
        html.End("div");

        WriteSpaces(html, context);
        WriteSlowest(html);
    }

    private void WriteSpaces(HtmlWriter html, ReportContext context)
    {
        html.Element("h3", "Query failure share per space");
        var measuredSpaces = _spaces.Where(s => s.GetCount("measured") > 0).ToList();
        var segments = Palette.StatementStatuses;
        var charted = measuredSpaces.Take(SpacesCharted).ToList();
        ShareBarChart.Write(
            html,
            context,
            "Measured statements per space by final status",
            $"{(measuredSpaces.Count > charted.Count ? $"The {charted.Count} of {measuredSpaces.Count} spaces with the highest failure share" : $"{measuredSpaces.Count} space{(measuredSpaces.Count == 1 ? string.Empty : "s")} with measured statements")}, highest failure share first: "
                + string.Join("; ", charted.Select(s => $"{s.GetString("space_title")} {ReportFormat.Percent(s.GetDouble("failure_share"))} of {ReportFormat.Count(s.GetCount("measured"))}"))
                + ". The table below has the counts and durations.",
            segments,
            charted.Select(s => new ShareBarChart.Row(s.GetString("space_title") ?? string.Empty, SpaceKey.Of(s), segments.Select(g => s.GetCount(g.Key)).ToList())).ToList());

        Table.Start(html, "Statements of each space's answers: failure share over those measured, durations, and those without metrics", "table-query-spaces", ("Space", false), ("Measured", true), ("Failed", true), ("Canceled", true), ("Failure share", true), ("Median", true), ("95th pct", true), ("Not in history yet", true), ("Not available", true), ("Not looked up", true));
        foreach (var row in _spaces)
        {
            html.Start("tr", ("data-query-space-id", row.GetString("space_id")), ("data-workspace-id", row.GetString("workspace_id")));
            Table.Text(html, row.GetString("space_title"), row.GetString("space_id"));
            Table.Count(html, row.GetCount("measured"), "measured");
            Table.Count(html, row.GetCount("failed"), "failed");
            Table.Count(html, row.GetCount("canceled"), "canceled");
            Table.Share(html, row.GetDouble("failure_share"), "failure_share");
            Table.Duration(html, row.GetDouble("median_duration_ms"), "median_duration_ms");
            Table.Duration(html, row.GetDouble("p95_duration_ms"), "p95_duration_ms");
            Table.Count(html, row.GetCount("pending"), "pending");
            Table.Count(html, row.GetCount("not_available"), "not_available");
            Table.Count(html, row.GetCount("not_looked_up"), "not_looked_up");
            html.End("tr");
        }

        Table.End(html);
    }

    private void WriteSlowest(HtmlWriter html)
    {
        html.Element("h3", "Slowest queries");
        Table.Start(html, $"The {_slowest.Count} slowest measured statements with their question (Get-GenieQueryMetric lists more)", "table-slowest-queries", ("Duration", true), ("Asked", false), ("Space", false), ("User", false), ("Question", false), ("Status", false), ("Rows", true), ("Queued", true), ("Error or SQL", false));
        foreach (var row in _slowest)
        {
            var status = row.GetString("status");
            var failed = status is "FAILED" or "CANCELED";
            var detail = failed ? row.GetString("error_message") : row.GetString("query_sql");
            html.Start("tr", ("data-statement-id", row.GetString("statement_id")), ("data-message-id", row.GetString("message_id")));
            Table.Duration(html, row.GetDouble("total_duration_ms"), "total_duration_ms");
            Table.Time(html, row.GetTimestamp("asked_at"));
            Table.Text(html, row.GetString("space_title"));
            Table.Text(html, row.GetString("user_name"));
            html.Element("td", row.GetString("question"), ("class", "question"));
            html.Element("td", status?.ToLowerInvariant(), ("class", failed ? "reason reason-failed" : null), ("data-col", "status"));
            Table.Count(html, row.GetCount("rows_produced"), "rows_produced");
            Table.Duration(html, row.GetDouble("queue_duration_ms"), "queue_duration_ms");
            html.Start("td", ("class", "detail")).Element("code", ReportFormat.Shorten(detail, 300), ("title", detail)).End("td");
            html.End("tr");
        }

        Table.End(html);
    }

    /// <summary>"2 not in query history yet, 1 not available, 1 not looked up yet" (only the non-zero ones; "none without metrics" else).</summary>
    private static string WithoutMetrics(SqlRow row)
    {
        var parts = new[]
        {
            (row.GetCount("pending"), "not in query history yet"),
            (row.GetCount("not_available"), "not available (given up)"),
            (row.GetCount("not_looked_up"), "not looked up yet"),
        }.Where(p => p.Item1 > 0).Select(p => $"{ReportFormat.Count(p.Item1)} {p.Item2}").ToList();
        return parts.Count == 0 ? "every statement looked up has metrics" : string.Join(", ", parts);
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteBoolean("collected", _collected);
        ReportJson.WriteRowOrNull(json, "overall", _overall);
        ReportJson.WriteRows(json, "spaces", _spaces);
        ReportJson.WriteRows(json, "slowest", _slowest);
        json.WriteEndObject();
    }
}
